package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.fail;

import io.tcpfleet.testkit.OpenSshd;
import org.junit.jupiter.api.Assumptions;

/** The check before a test that runs a real OpenSSH sshd. */
final class RealSshd {

    /** Skips the test where sshd cannot run, or fails it when CI requires end-to-end tests (TCPFLEET_E2E=required). */
    static void required() {
        String missing = OpenSshd.missing();
        if (missing != null) {
            if ("required".equals(System.getenv("TCPFLEET_E2E"))) {
                fail("prerequisite missing: " + missing);
            }
            Assumptions.abort(missing);
        }
    }

    private RealSshd() {
    }
}
