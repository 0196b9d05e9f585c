package io.tcpfleet.testkit;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The one place that decides what a missing end-to-end prerequisite does to a test: skip it, or
 * fail it when {@code TCPFLEET_E2E=required}. Used through {@link RequiresE2E}, or by
 * {@link #require} where only part of a test needs the tool.
 */
public final class E2EPrerequisites implements BeforeAllCallback, BeforeEachCallback {

    /** The environment variable; its value {@value #REQUIRED} turns skips into failures. */
    public static final String VARIABLE = "TCPFLEET_E2E";
    public static final String REQUIRED = "required";

    @Override
    public void beforeAll(ExtensionContext context) {
        check(context.getRequiredTestClass());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        check(context.getRequiredTestMethod());
    }

    private static void check(AnnotatedElement element) {
        AnnotationSupport.findAnnotation(element, RequiresE2E.class).ifPresent(r -> require(r.value()));
    }

    /** Returns if this machine has every tool; otherwise aborts the test, or fails it when required. */
    public static void require(Tool... tools) {
        List<String> missing = new ArrayList<>();
        for (Tool t : tools) {
            String m = t.missing();
            if (m != null) {
                missing.add(m);
            }
        }
        decide(missing, System.getenv(VARIABLE));
    }

    static void decide(List<String> missing, String mode) {
        if (missing.isEmpty()) {
            return;
        }
        String what = "end-to-end prerequisites missing: " + String.join("; ", missing);
        if (REQUIRED.equals(mode)) {
            Assertions.fail(what + " (" + VARIABLE + "=" + REQUIRED + ")");
        }
        Assumptions.abort(what + " (skipped; " + VARIABLE + "=" + REQUIRED + " makes this a failure)");
    }
}
