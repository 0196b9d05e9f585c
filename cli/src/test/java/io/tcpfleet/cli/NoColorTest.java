package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * tcpfleet itself prints no colour; picocli colours --help on a terminal, and NO_COLOR
 * (https://no-color.org) turns that off. Run on a real pseudo-terminal made by script(1).
 */
class NoColorTest {

    private static String helpOnTerminal(boolean noColor) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "'" + java + "' -cp '" + System.getProperty("java.class.path") + "' " + Main.class.getName() + " get --help";
        ProcessBuilder pb = new ProcessBuilder("script", "-qec", cmd, "/dev/null").redirectErrorStream(true);
        pb.environment().remove("NO_COLOR");
        if (noColor) {
            pb.environment().put("NO_COLOR", "1");
        }
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void noColorTurnsOffTheOnlyColourThereIs() throws Exception {
        boolean script = Files.isExecutable(Path.of("/usr/bin/script"));
        if (!script && "required".equals(System.getenv("TCPFLEET_E2E"))) {
            throw new AssertionError("script(1) is required (TCPFLEET_E2E=required)");
        }
        assumeTrue(script, "no script(1) for a pseudo-terminal");
        String coloured = helpOnTerminal(false);
        assertTrue(coloured.contains("Usage:") && coloured.contains("\033["), "picocli colours help on a terminal: " + coloured);
        String plain = helpOnTerminal(true);
        assertTrue(plain.contains("Usage: tcpfleet get"), plain);
        assertFalse(plain.contains("\033"), "NO_COLOR: no escape sequence at all: " + plain);
    }
}
