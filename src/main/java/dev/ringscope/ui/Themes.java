package dev.ringscope.ui;

import java.net.URL;

/** The light and dark stylesheets in assets/css (on the class path, inside the jar too). */
final class Themes {

    private Themes() {
    }

    static String stylesheet(boolean dark) {
        String name = dark ? "/assets/css/dark.css" : "/assets/css/light.css";
        URL url = Themes.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing stylesheet " + name);
        }
        return url.toExternalForm();
    }
}
