package io.tcpfleet.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tcpfleet.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The artifacts {@code mvn package} built: the .deb's contents and maintainer scripts, lintian,
 * an install into a throwaway root (never this machine's) with the tcpfleet user, the CDS archive,
 * {@code tcpfleet --version} and {@code poll --local} run from it, then remove and purge; and the
 * tarball's layout.
 */
class PackageIT {

    private static final Path TARGET = Path.of("target");
    private static Path deb;

    @BeforeAll
    static void findDeb() throws IOException {
        try (Stream<Path> s = Files.list(TARGET)) {
            deb = s.filter(p -> p.getFileName().toString().matches("tcpfleet_.*_all\\.deb")).findFirst()
                    .orElseThrow(() -> new AssertionError("no tcpfleet_*_all.deb in " + TARGET.toAbsolutePath()));
        }
    }

    record Run(int exit, String out) {
    }

    static Run run(Path dir, long timeoutSeconds, String... cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path log = Files.createTempFile("tcpfleet-dist", ".log");
        pb.redirectOutput(log.toFile());
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(timeoutSeconds, TimeUnit.SECONDS), String.join(" ", cmd) + " did not end in " + timeoutSeconds + " s");
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    static boolean required() {
        return "required".equals(System.getenv("TCPFLEET_E2E"));
    }

    static void need(String tool) {
        boolean present = Stream.of("/usr/bin/", "/usr/sbin/", "/bin/", "/sbin/").anyMatch(d -> Files.isExecutable(Path.of(d + tool)));
        if (!present && required()) {
            throw new AssertionError(tool + " is required (TCPFLEET_E2E=required)");
        }
        assumeTrue(present, tool + " not installed");
    }

    /** Man pages: tcpfleet(1) and one per command and subcommand of the picocli model. */
    static Set<String> expectedManPages() {
        Set<String> pages = new TreeSet<>();
        collect(Main.commandLine(), "tcpfleet", pages);
        return pages;
    }

    private static void collect(CommandLine c, String name, Set<String> pages) {
        pages.add(name + ".1");
        c.getSubcommands().forEach((sub, cl) -> collect(cl, name + "-" + sub, pages));
    }

    @Test
    void debContentsAndControl() throws Exception {
        need("dpkg-deb");
        Run contents = run(null, 60, "dpkg-deb", "--contents", deb.toString());
        assertEquals(0, contents.exit(), contents.out());
        String c = contents.out();
        for (String f : List.of("./usr/bin/tcpfleet", "./usr/share/tcpfleet/tcpfleet.jar",
                "./usr/share/tcpfleet/zabbix/tcpfleet.sh", "./usr/share/tcpfleet/zabbix/tcpfleet_templates.yaml",
                "./usr/share/bash-completion/completions/tcpfleet", "./lib/systemd/system/tcpfleet-collect.service",
                "./etc/tcpfleet/collect.conf", "./usr/share/doc/tcpfleet/copyright", "./usr/share/doc/tcpfleet/changelog.gz")) {
            assertTrue(c.contains(" " + f + "\n"), f + " missing:\n" + c);
        }
        assertTrue(c.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith("./usr/bin/tcpfleet")), c);
        assertTrue(c.lines().anyMatch(l -> l.startsWith("-rwxr-xr-x root/root") && l.endsWith("./usr/share/tcpfleet/zabbix/tcpfleet.sh")), c);
        assertFalse(c.lines().anyMatch(l -> !l.contains(" root/root ")), "every file root's:\n" + c);
        if (Files.exists(Path.of("../prometheus/tcpfleet-rules.yml"))) {
            assertTrue(c.contains(" ./usr/share/tcpfleet/prometheus/tcpfleet-rules.yml\n"), c);
            assertFalse(c.contains(".test.yml"), "promtool's tests of the rules are not shipped:\n" + c);
        }
        for (String page : expectedManPages()) {
            assertTrue(c.contains(" ./usr/share/man/man1/" + page + ".gz\n"), "man page " + page + " missing:\n" + c);
        }

        Run info = run(null, 60, "dpkg-deb", "--info", deb.toString());
        assertEquals(0, info.exit(), info.out());
        String i = info.out();
        assertTrue(i.contains("Package: tcpfleet\n"), i);
        assertTrue(i.matches("(?s).*Version: \\d+\\.\\d+\\.\\d+(~SNAPSHOT)?\n.*"), "a Debian version (no -SNAPSHOT):\n" + i);
        assertTrue(i.contains("Architecture: all\n"), i);
        assertTrue(i.contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless, adduser\n"), i);
        for (String script : List.of("postinst", "prerm", "postrm", "conffiles", "triggers")) {
            assertTrue(i.contains(" " + script + " "), script + " missing:\n" + i);
        }
        Run conffiles = run(null, 60, "dpkg-deb", "--info", deb.toString(), "conffiles");
        assertEquals("/etc/tcpfleet/collect.conf", conffiles.out().strip());
        Run postinst = run(null, 60, "dpkg-deb", "--info", deb.toString(), "postinst");
        assertTrue(postinst.out().contains("adduser --system"), postinst.out());
        assertTrue(postinst.out().contains("tcpfleet --write-cds-archive"), postinst.out());
    }

    @Test
    void lintianFindsNoErrors() throws Exception {
        need("lintian");
        Run lintian = run(null, 300, "lintian", "--fail-on", "error", "--no-tag-display-limit", deb.toString());
        assertEquals(0, lintian.exit(), lintian.out());
        assertFalse(lintian.out().lines().anyMatch(l -> l.startsWith("E: ")), lintian.out());
    }

    /** The real install: dpkg, its maintainer scripts, tcpfleet run from the installed files. */
    @Test
    void installsIntoAThrowawayRootAndRuns(@TempDir Path work) throws Exception {
        need("dpkg");
        need("unshare");
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && required()) {
            throw new AssertionError("installing into a throwaway root needs root (TCPFLEET_E2E=required)");
        }
        assumeTrue(root, "not root");
        Path script = Path.of("src/test/sh/install-in-throwaway-root.sh").toAbsolutePath();
        List<String> cmd = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "sh", script.toString(),
                deb.toAbsolutePath().toString(), work.toString()));
        Run r = run(work, 600, cmd.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out());
        String out = r.out();
        assertTrue(out.contains("install ok installed"), out);
        assertTrue(out.matches("(?s).*== tcpfleet --version\ntcpfleet \\d+\\.\\d+\\.\\d+.*"), out);
        assertTrue(out.contains("\"status\" : \"OK\""), "poll --local gave an OK sample:\n" + out);
        assertTrue(out.endsWith("OK\n"), out);
    }

    @Test
    void tarballLayout() throws Exception {
        need("tar");
        Path tgz;
        try (Stream<Path> s = Files.list(TARGET)) {
            tgz = s.filter(p -> p.getFileName().toString().matches("tcpfleet-.*\\.tar\\.gz")).findFirst().orElseThrow();
        }
        String base = tgz.getFileName().toString().replace(".tar.gz", "");
        Run list = run(null, 60, "tar", "-tvzf", tgz.toString());
        assertEquals(0, list.exit(), list.out());
        String l = list.out();
        for (String f : List.of("bin/tcpfleet", "lib/tcpfleet.jar", "completion/tcpfleet.bash", "systemd/tcpfleet-collect.service",
                "etc/collect.conf", "zabbix/tcpfleet.sh", "zabbix/tcpfleet_templates.yaml")) {
            assertTrue(l.contains(" " + base + "/" + f + "\n"), f + " missing:\n" + l);
        }
        for (String page : expectedManPages()) {
            assertTrue(l.contains(" " + base + "/man/man1/" + page + "\n"), page + " missing:\n" + l);
        }
        if (Files.exists(Path.of("../prometheus/tcpfleet-rules.yml"))) {
            assertTrue(l.contains(" " + base + "/prometheus/tcpfleet-rules.yml\n"), l);
        }
        assertTrue(l.lines().anyMatch(x -> x.startsWith("-rwxr-xr-x") && x.endsWith(base + "/bin/tcpfleet")), l);
    }

    /** The unpacked tarball runs as is: the launcher finds its jar in lib/. */
    @Test
    void tarballRuns(@TempDir Path dir) throws Exception {
        Path tgz;
        try (Stream<Path> s = Files.list(TARGET)) {
            tgz = s.filter(p -> p.getFileName().toString().matches("tcpfleet-.*\\.tar\\.gz")).findFirst().orElseThrow();
        }
        assertEquals(0, run(dir, 60, "tar", "-xzf", tgz.toAbsolutePath().toString()).exit());
        Path bin = dir.resolve(tgz.getFileName().toString().replace(".tar.gz", "")).resolve("bin/tcpfleet");
        Run version = run(dir, 60, bin.toString(), "--version");
        assertEquals(0, version.exit(), version.out());
        assertTrue(version.out().startsWith("tcpfleet "), version.out());
    }
}
