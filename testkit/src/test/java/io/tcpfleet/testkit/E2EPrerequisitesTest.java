package io.tcpfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** A missing prerequisite skips a test, or fails it under TCPFLEET_E2E=required; none does nothing. */
class E2EPrerequisitesTest {

    @Test
    void aMissingToolSkipsWithTheReason() {
        TestAbortedException e = assertThrows(TestAbortedException.class,
                () -> E2EPrerequisites.decide(List.of("nft missing (apt-get install nftables)"), null));
        assertTrue(e.getMessage().contains("nft missing (apt-get install nftables)"), e.getMessage());
        assertThrows(TestAbortedException.class, () -> E2EPrerequisites.decide(List.of("not root"), "yes"));
    }

    @Test
    void aMissingToolFailsWhenRequired() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> E2EPrerequisites.decide(List.of("not root", "/usr/bin/chromium missing"), "required"));
        assertTrue(e.getMessage().contains("not root; /usr/bin/chromium missing"), e.getMessage());
    }

    @Test
    void nothingMissingRuns() {
        assertDoesNotThrow(() -> E2EPrerequisites.decide(List.of(), "required"));
        assertDoesNotThrow(() -> E2EPrerequisites.decide(List.of(), null));
    }

    @Test
    void toolsAreFoundOnThePathOrAtTheirAbsolutePath() {
        assertTrue(Tool.present("sh"));
        assertTrue(Tool.present("/bin/sh"));
        assertFalse(Tool.present("tcpfleet-no-such-tool"));
        assertFalse(Tool.present("/usr/bin/tcpfleet-no-such-tool"));
    }
}
