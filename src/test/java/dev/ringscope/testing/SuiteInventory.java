package dev.ringscope.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.platform.commons.annotation.Testable;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Which test classes a run was given, against which test classes exist. Surefire only hands the JUnit
 * Platform the classes whose names match its includes (pom.xml): a class named, say, {@code FooChecks}
 * would never run and never fail. This listener records every class in the test plan as the run
 * starts; {@link EveryTestClassRunsTest} compares that with the compiled test classes that carry a
 * test ({@code @Test}, {@code @ParameterizedTest}, {@code @TestFactory}, jqwik's {@code @Property}
 * and {@code @Example}, ArchUnit's {@code @ArchTest}: all are marked {@link Testable}).
 */
public final class SuiteInventory implements TestExecutionListener {

    private static volatile Set<String> planned;

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        Set<String> classes = new TreeSet<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(root)) {
                id.getSource().map(SuiteInventory::className).map(SuiteInventory::topLevel).ifPresent(classes::add);
            }
        }
        planned = Collections.unmodifiableSet(classes);
    }

    /** The top-level classes of this run's test plan, or null if this listener was not registered. */
    static Set<String> plannedClasses() {
        return planned;
    }

    private static String className(TestSource source) {
        if (source instanceof ClassSource c) {
            return c.getClassName();
        }
        return source instanceof MethodSource m ? m.getClassName() : null;
    }

    static String topLevel(String className) {
        int nested = className.indexOf('$');
        return nested < 0 ? className : className.substring(0, nested);
    }

    /** The directory this class was loaded from: the compiled tests (target/test-classes). */
    static Path testClassesDirectory() {
        try {
            return Path.of(SuiteInventory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Top-level names of the concrete classes under {@code root} that declare a test (JMH's generated code aside). */
    static Set<String> classesWithTests(Path root) {
        Set<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> classFiles = files.filter(p -> p.toString().endsWith(".class")).toList();
            for (Path file : classFiles) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), ".")
                        .replaceFirst("\\.class$", "");
                if (name.contains(".jmh_generated.") || name.equals("module-info")) {
                    continue;
                }
                if (declaresTests(load(name))) {
                    found.add(topLevel(name));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, SuiteInventory.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("cannot load test class " + name + ": " + e, e);
        }
    }

    static boolean declaresTests(Class<?> c) {
        if (Modifier.isAbstract(c.getModifiers()) || c.isInterface()) {
            return false; // runs through its subclasses
        }
        List<Member> members = new ArrayList<>(List.of(c.getDeclaredMethods()));
        members.addAll(List.of(c.getDeclaredFields()));
        for (Member m : members) {
            if (AnnotationSupport.isAnnotated((java.lang.reflect.AnnotatedElement) m, Testable.class)) {
                return true;
            }
        }
        return false;
    }
}
