package dev.ringscope.asm;

import java.util.ArrayList;
import java.util.List;

/** Reads the headers of {@code %define NAME(a,b) body} and {@code %macro name 1-3+ defaults}. */
final class DefinitionParser {

    /** A parsed header, or an error message. */
    record Parsed<T>(T value, String error) {
        static <T> Parsed<T> failed(String error) {
            return new Parsed<>(null, error);
        }
    }

    private DefinitionParser() {
    }

    /** {@code NAME body} or {@code NAME(a, b) body}: parameters only if "(" follows the name directly. */
    static Parsed<SingleLineMacros.Definition> singleLine(DirectiveLine d) {
        String name = d.firstWord();
        if (name.isEmpty()) {
            return Parsed.failed("%" + d.name() + " needs a macro name");
        }
        String rest = d.arguments().substring(name.length());
        if (!rest.startsWith("(")) {
            return new Parsed<>(new SingleLineMacros.Definition(name, null, rest.strip()), null);
        }
        int close = rest.indexOf(')');
        if (close < 0) {
            return Parsed.failed("missing `)` after the parameters of `" + name + "`");
        }
        List<String> params = new ArrayList<>();
        String inside = rest.substring(1, close).strip();
        for (String p : inside.isEmpty() ? new String[0] : inside.split(",")) {
            String param = p.strip();
            if (param.isEmpty() || !Lexer.isIdentifierStart(param.charAt(0))
                    || PpToken.wordEnd(param, 1) != param.length()) {
                return Parsed.failed("`" + param + "` is not a valid parameter name for `" + name + "`");
            }
            params.add(param);
        }
        return new Parsed<>(new SingleLineMacros.Definition(name, params, rest.substring(close + 1).strip()), null);
    }

    /** {@code name min[-max|-*][+] [.nolist] [defaults, ...]}. */
    static Parsed<MultiLineMacro> multiLine(DirectiveLine d, List<RawLine> body) {
        String name = d.firstWord();
        String rest = d.afterFirstWord();
        if (name.isEmpty()) {
            return Parsed.failed("%" + d.name() + " needs a macro name");
        }
        int specEnd = 0;
        while (specEnd < rest.length() && !Character.isWhitespace(rest.charAt(specEnd))) {
            specEnd++;
        }
        String spec = rest.substring(0, specEnd);
        boolean greedy = spec.endsWith("+");
        String range = greedy ? spec.substring(0, spec.length() - 1) : spec;
        int dash = range.indexOf('-');
        Integer min = count(dash < 0 ? range : range.substring(0, dash));
        Integer max = dash < 0 ? min : range.substring(dash + 1).equals("*")
                ? Integer.valueOf(MultiLineMacro.UNLIMITED) : count(range.substring(dash + 1));
        if (min == null || max == null || max < min) {
            return Parsed.failed("%" + d.name() + " `" + name + "` needs a parameter count such as 2, 1-3, 1+ or 0-*"
                    + (spec.isEmpty() ? "" : ", not `" + spec + "`"));
        }
        String defaultsText = rest.substring(specEnd).strip();
        if (defaultsText.toLowerCase(java.util.Locale.ROOT).startsWith(".nolist")) {
            defaultsText = defaultsText.substring(".nolist".length()).strip();
        }
        List<String> defaults = MacroArguments.splitTexts(defaultsText);
        boolean recursive = d.name().equals("rmacro");
        return new Parsed<>(new MultiLineMacro(name, min, max, greedy, defaults, List.copyOf(body),
                d.directivePos(), recursive), null);
    }

    private static Integer count(String digits) {
        if (digits.isEmpty() || digits.length() > 6 || !digits.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.valueOf(digits);
    }

    /** NASM's %defstr quoting: single quotes unless the text contains one. */
    static String quote(String text) {
        if (text.indexOf('\'') < 0) {
            return "'" + text + "'";
        }
        if (text.indexOf('"') < 0) {
            return "\"" + text + "\"";
        }
        return "`" + text.replace("\\", "\\\\").replace("`", "\\`") + "`";
    }
}
