package dev.ringscope.testing;

import java.util.Map;
import java.util.TreeMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * At the end of a run, one line per reason for the tests that did not run (skipped, or aborted by an
 * assumption such as "nasm is not installed"), so a local run that skipped the reference tests says so
 * instead of looking green. Registered in META-INF/services for every run, Maven's and an IDE's.
 */
public final class SkipSummary implements TestExecutionListener {

    private final Map<String, Long> byReason = new TreeMap<>();
    private TestPlan plan;

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        plan = testPlan;
        byReason.clear();
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        count(id, reason == null || reason.isBlank() ? "skipped" : reason);
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            count(id, result.getThrowable().map(Throwable::getMessage).map(SkipSummary::plain).orElse("aborted"));
        }
    }

    /** A skipped container stands for every test in it that was planned (at least one). */
    private void count(TestIdentifier id, String reason) {
        long tests = id.isTest() ? 1 : Math.max(1, plan.getDescendants(id).stream().filter(TestIdentifier::isTest).count());
        byReason.merge(reason, tests, Long::sum);
    }

    private static String plain(String message) {
        return message == null ? "aborted" : message.replaceFirst("^Assumption failed: ", "");
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String line = summary(byReason);
        if (!line.isEmpty()) {
            System.out.println(line);
        }
    }

    /** "RingScope: 114 tests did not run: 66 because qemu-system-i386 is not installed; 48 because …", or "". */
    static String summary(Map<String, Long> byReason) {
        long total = byReason.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return "";
        }
        StringBuilder s = new StringBuilder("[WARNING] RingScope: ").append(total)
                .append(total == 1 ? " test did not run:" : " tests did not run:");
        String sep = " ";
        for (Map.Entry<String, Long> e : byReason.entrySet()) {
            s.append(sep).append(e.getValue()).append(" because ").append(e.getKey());
            sep = "; ";
        }
        return s.toString();
    }
}
