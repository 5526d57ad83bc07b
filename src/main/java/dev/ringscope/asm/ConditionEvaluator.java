package dev.ringscope.asm;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Decides %if-family conditions and evaluates the numeric expressions of %if, %assign and %rep. */
final class ConditionEvaluator {

    private final SingleLineMacros defines;
    private final Map<String, List<MultiLineMacro>> macros;
    private final Diagnostics diag;

    ConditionEvaluator(SingleLineMacros defines, Map<String, List<MultiLineMacro>> macros, Diagnostics diag) {
        this.defines = defines;
        this.macros = macros;
        this.diag = diag;
    }

    /** {@code directive} is the name without "el": if, ifn, ifdef, ifndef, ifmacro, ifidn, ifidni... */
    boolean test(String directive, DirectiveLine d) {
        String kind = directive.substring(2);
        boolean negate = kind.startsWith("n");
        kind = negate ? kind.substring(1) : kind;
        Boolean result = switch (kind) {
            case "" -> {
                Long value = evaluate(expand(d.arguments(), d), d.argumentsPos(), "%" + d.name());
                yield value == null ? null : value != 0;
            }
            case "def" -> named(d) ? defines.isDefined(d.firstWord()) : null;
            case "macro" -> named(d) ? macros.containsKey(d.firstWord()) : null;
            case "idn", "idni" -> identical(d, kind.equals("idni"));
            default -> {
                diag.error(d.directivePos(), "unsupported conditional `%" + d.name() + "`");
                yield null;
            }
        };
        return result != null && result != negate; // a condition in error is false either way
    }

    /** The value of a constant expression, or null after reporting why there is none. */
    Long evaluate(String text, SourcePos at, String what) {
        List<Token> tokens = Lexer.tokenize(text, at.file(), at.line(), diag);
        if (tokens.size() == 1) {
            diag.error(at, what + " needs an expression");
            return null;
        }
        ExprParser.Parsed parsed = ExprParser.parseAll(tokens, 0, diag);
        if (!parsed.ok()) {
            return null;
        }
        Evaluation result = parsed.expr().evaluate(SymbolResolver.none());
        if (result instanceof Evaluation.Unknown unknown) {
            diag.error(at, what + ": `" + unknown.symbol() + "` is not a number or a defined single-line macro");
            return null;
        }
        if (result instanceof Evaluation.Failed failed) {
            diag.error(at, what + ": " + failed.message());
            return null;
        }
        if (result.value().relocatable()) {
            diag.error(at, what + " needs a constant, not an address ($ or $$)");
            return null;
        }
        return result.value().value();
    }

    private boolean named(DirectiveLine d) {
        if (d.firstWord().isEmpty()) {
            diag.error(d.argumentsPos(), "%" + d.name() + " needs a name");
            return false;
        }
        return true;
    }

    /** %ifidn a, b: the two texts are the same after macro expansion (spacing aside). */
    private Boolean identical(DirectiveLine d, boolean ignoreCase) {
        List<int[]> parts = MacroArguments.split(d.arguments());
        if (parts.size() != 2) {
            diag.error(d.argumentsPos(), "%" + d.name() + " needs two texts separated by a comma");
            return null;
        }
        String a = normalized(d, parts.get(0));
        String b = normalized(d, parts.get(1));
        return ignoreCase ? a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT)) : a.equals(b);
    }

    private String normalized(DirectiveLine d, int[] span) {
        return expand(d.arguments().substring(span[0], span[1]), d).strip().replaceAll("\\s+", " ");
    }

    private String expand(String text, DirectiveLine d) {
        SingleLineMacros.Expansion e = defines.expand(text);
        if (e.error() != null) {
            diag.error(d.argumentsPos(), e.error());
        }
        return e.text();
    }
}
