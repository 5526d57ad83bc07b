package dev.ringscope.cli;

/** DESIGN.md: 0 ok, 1 guest or run error, 2 bad input or usage. */
final class ExitCodes {
    static final int OK = 0;
    static final int RUN_ERROR = 1;
    static final int BAD_INPUT = 2;

    private ExitCodes() {
    }
}
