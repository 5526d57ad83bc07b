package dev.ringscope.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code --size WxH} option's value, checked against the range a command draws. */
record PictureSize(int width, int height) {

    private static final Pattern SIZE = Pattern.compile("(\\d{1,6})[xX](\\d{1,6})");

    /** A bad size, with what to tell the user after "--size ". */
    static final class Bad extends Exception {
        Bad(String message) {
            super(message);
        }
    }

    /** {@code text} as a size from 320x240 up to {@code maxWidth}x{@code maxHeight}. */
    static PictureSize parse(String text, int maxWidth, int maxHeight) throws Bad {
        Matcher wh = SIZE.matcher(text.trim());
        if (!wh.matches()) {
            throw new Bad("--size must look like 1920x1080, not " + UserFiles.quote(text));
        }
        int w = Integer.parseInt(wh.group(1));
        int h = Integer.parseInt(wh.group(2));
        if (w < 320 || h < 240 || w > maxWidth || h > maxHeight) {
            throw new Bad("--size must be from 320x240 to " + maxWidth + "x" + maxHeight + ", not " + UserFiles.quote(text));
        }
        return new PictureSize(w, h);
    }
}
