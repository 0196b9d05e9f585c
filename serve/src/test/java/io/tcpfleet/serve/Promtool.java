package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.fail;

import io.tcpfleet.testkit.E2EPrerequisites;
import io.tcpfleet.testkit.Tool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs Debian's promtool (package prometheus); missing, it skips, or fails when TCPFLEET_E2E=required. */
final class Promtool {

    static final Path BINARY = Path.of("/usr/bin/promtool");
    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    record Run(int exit, String out) {
    }

    private Promtool() {
    }

    static void require(Path binary) {
        E2EPrerequisites.require(Tool.PROMETHEUS);
    }

    /** promtool with {@code args}, {@code stdin} fed to it, in {@code dir}; bounded to 60 s. */
    static Run run(Path dir, byte[] stdin, String... args) throws IOException, InterruptedException {
        require(BINARY);
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("promtool " + args[0] + " did not end in 60 s");
        }
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
