package dev.ringscope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ringscope.isa.Classification;
import dev.ringscope.isa.PrivilegeClass;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "classify", mixinStandardHelpOptions = true,
        description = "Print the Popek-Goldberg classification of every modelled instruction, with its source.")
final class ClassifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "an array of {mnemonic, privileged, ioplSensitive, sensitive, source}")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        List<Classification.Row> rows = Classification.rows();
        if (json) {
            List<Map<String, Object>> array = new ArrayList<>();
            for (Classification.Row r : rows) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("mnemonic", r.mnemonic());
                o.put("privileged", r.privilege().privileged());
                o.put("ioplSensitive", r.privilege().ioplSensitive());
                o.put("sensitive", r.privilege().sensitivity().label());
                o.put("source", r.privilege().source());
                array.add(o);
            }
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(array));
            out.flush();
            return ExitCodes.OK;
        }
        out.printf("%-12s %-24s %-10s %s%n", "instruction", "class", "sensitive", "source");
        for (Classification.Row r : rows) {
            out.printf("%-12s %-24s %-10s %s%n", r.mnemonic(), label(r.privilege()),
                    r.privilege().sensitivity().label(), r.privilege().source());
        }
        List<Classification.Row> holes = Classification.holes();
        out.printf("%nSensitive but not privileged on x86 (%d rows): trap-and-emulate cannot catch these.%n",
                holes.size());
        out.println("  " + String.join(", ", holes.stream().map(Classification.Row::mnemonic).toList()));
        out.println("Popek & Goldberg (CACM 1974), Theorem 1: a VMM can be built by trap-and-emulate when every");
        out.println("sensitive instruction is privileged. x86 before VT-x fails that test (Robin & Irvine, 2000).");
        out.flush();
        return ExitCodes.OK;
    }

    private static String label(PrivilegeClass pc) {
        return switch (pc.kind()) {
            case PRIVILEGED -> "privileged";
            case IOPL_SENSITIVE -> "IOPL-sensitive";
            case SENSITIVE_UNPRIVILEGED -> "sensitive, unprivileged";
            case INNOCUOUS -> "innocuous";
        };
    }
}
