package dev.ringscope.ui;

import java.net.URL;

/**
 * The stylesheets in assets/css (on the class path, inside the jar too): base.css holds every rule,
 * light.css, dark.css and projector.css only the colours those rules look up, and present.css the
 * presentation mode's layout (loaded with every theme, so presentation mode works in each).
 */
public final class Themes {

    /** The themes a user can choose; {@code --theme=NAME} names one by its {@link #id()}. */
    public enum Theme {
        LIGHT, DARK, PROJECTOR;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** The theme named {@code id} (light, dark, projector). */
        public static Theme parse(String id) {
            for (Theme t : values()) {
                if (t.id().equalsIgnoreCase(id == null ? "" : id.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown theme '" + id + "' (light, dark or projector)");
        }
    }

    private Themes() {
    }

    static java.util.List<String> stylesheets(boolean dark) {
        return stylesheets(dark ? Theme.DARK : Theme.LIGHT);
    }

    public static java.util.List<String> stylesheets(Theme theme) {
        return java.util.List.of(url("/assets/css/" + theme.id() + ".css"), url("/assets/css/base.css"),
                url("/assets/css/present.css"));
    }

    private static String url(String name) {
        URL url = Themes.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing stylesheet " + name);
        }
        return url.toExternalForm();
    }
}
