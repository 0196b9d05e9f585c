package io.tcpfleet.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test class or method needs these tools. Without one, it is skipped with the reason; with
 * {@code TCPFLEET_E2E=required} in the environment (as CI sets it) it fails instead, so that a
 * missing prerequisite can never pass as a green run. On a class, the check runs before its
 * {@code @BeforeAll} methods.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(E2EPrerequisites.class)
public @interface RequiresE2E {

    Tool[] value();
}
