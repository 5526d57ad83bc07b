package dev.ringscope.ui;

import java.net.URL;

/**
 * The stylesheets in assets/css (on the class path, inside the jar too): base.css holds every rule,
 * light.css and dark.css only the colours those rules look up.
 */
final class Themes {

    private Themes() {
    }

    static java.util.List<String> stylesheets(boolean dark) {
        return java.util.List.of(url(dark ? "/assets/css/dark.css" : "/assets/css/light.css"), url("/assets/css/base.css"));
    }

    private static String url(String name) {
        URL url = Themes.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing stylesheet " + name);
        }
        return url.toExternalForm();
    }
}
