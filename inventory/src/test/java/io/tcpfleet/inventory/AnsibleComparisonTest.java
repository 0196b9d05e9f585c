package io.tcpfleet.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tcpfleet.model.Host;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * tcpfleet against the real Ansible, on the inventories under {@code src/test/resources/ansible-corpus}.
 * Ansible's answer is what it really does: {@code ansible all -m raw} runs with a stand-in ssh that
 * records its command line (the host, {@code -o Port=}, {@code -o User=}) and fails, so nothing is
 * contacted; a host Ansible runs locally never reaches it. {@code ansible-inventory --list} gives
 * the groups. Each case lists its {@code -i} sources in a SOURCES file; a {@code .json} source is
 * given to Ansible through a script that prints it (Ansible reads that format only from scripts),
 * and {@code -:FILE} feeds FILE to tcpfleet's stdin.
 */
@RequiresE2E(Tool.ANSIBLE)
class AnsibleComparisonTest {

    static final Path CORPUS = Path.of("src", "test", "resources", "ansible-corpus").toAbsolutePath();
    static final Path ANSIBLE = Path.of("/usr/bin/ansible");

    /** What one host resolves to: user null means none given (ssh's default). */
    record Resolved(String address, int port, String user, boolean local, Set<String> groups) {
    }

    @TempDir
    Path tmp;

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void resolvesEveryHostAsAnsibleDoes(String name) throws Exception {
        Path work = copy(CORPUS.resolve(name), tmp.resolve("case"));
        List<Path> ours = new ArrayList<>();
        List<String> theirs = new ArrayList<>();
        InputStream stdin = InputStream.nullInputStream();
        for (String line : Files.readAllLines(work.resolve("SOURCES"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("-:")) {
                stdin = new ByteArrayInputStream(Files.readAllBytes(work.resolve(line.substring(2))));
                ours.add(Path.of("-"));
                theirs.add(printer(Files.createDirectories(tmp.resolve("stdin")), work.resolve(line.substring(2))).toString());
            } else {
                Path source = work.resolve(line);
                ours.add(source);
                theirs.add((line.endsWith(".json") ? printer(source.getParent(), source) : source).toString());
            }
        }
        Inventory inv = new InventoryLoader(SshConfig.empty(), stdin).load(ours, List.of());
        assertEquals(List.of(), inv.problems(), "the corpus holds valid inventories only");
        Map<String, Resolved> tcpfleet = new TreeMap<>();
        for (InventoryHost h : inv.hosts()) {
            Host x = h.host();
            tcpfleet.put(x.name(), x.isLocal() ? new Resolved(null, 0, null, true, h.groups())
                    : new Resolved(x.address(), x.port(), x.user(), false, h.groups()));
        }
        Map<String, Resolved> ansible = ansible(theirs);
        assertTrue(ansible.size() > 1, "Ansible saw the inventory: " + ansible);
        assertEquals(ansible.keySet(), tcpfleet.keySet(), "the same hosts");
        List<String> differences = new ArrayList<>();
        ansible.forEach((host, a) -> {
            if (!a.equals(tcpfleet.get(host))) {
                differences.add(host + ": ansible " + a + ", tcpfleet " + tcpfleet.get(host));
            }
        });
        assertEquals(List.of(), differences);
    }

    /** Every host as Ansible resolves it: address, port, user from what it hands ssh; groups from --list. */
    private Map<String, Resolved> ansible(List<String> sources) throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path play = Files.createDirectories(tmp.resolve("play")); // no group_vars here: Ansible would read them too
        Path calls = Files.createDirectories(tmp.resolve("ssh-calls"));
        Path fakeSsh = executable(tmp.resolve("fake-ssh"), "#!/bin/sh\n"
                + "for a in \"$@\"; do printf '%s\\037' \"$a\"; done > '" + calls + "'/$$\nexit 255\n");
        Files.writeString(tmp.resolve("ansible.cfg"), "");
        List<String> inventoryArgs = new ArrayList<>();
        sources.forEach(s -> inventoryArgs.addAll(List.of("-i", s)));

        List<String> adhoc = new ArrayList<>(List.of(ANSIBLE.toString(), "all", "-m", "raw", "-a",
                ": tcpfleet-oracle {{ inventory_hostname }}", "-o", "--forks", "4"));
        adhoc.addAll(inventoryArgs);
        String out = run(adhoc, play, home, fakeSsh);
        Map<String, Resolved> result = new TreeMap<>();
        Map<String, Set<String>> groups = groups(inventoryArgs, play, home, fakeSsh);
        try (Stream<Path> s = Files.list(calls)) {
            for (Path call : s.toList()) {
                List<String> args = List.of(Files.readString(call).split("\037"));
                String command = args.get(args.size() - 1);
                if (!command.startsWith(": tcpfleet-oracle ")) {
                    continue;
                }
                String host = command.substring(": tcpfleet-oracle ".length());
                int port = 22;
                String user = null;
                for (String a : args) {
                    if (a.startsWith("Port=")) {
                        port = Integer.parseInt(a.substring(5));
                    } else if (a.startsWith("User=")) {
                        user = a.substring(5).replaceAll("^\"|\"$", "");
                    }
                }
                result.put(host, new Resolved(args.get(args.size() - 2), port, user, false, groups.get(host)));
            }
        }
        for (String line : out.lines().toList()) {
            String[] f = line.split(" \\| ", 3);
            if (f.length >= 2 && (f[1].startsWith("CHANGED") || f[1].startsWith("SUCCESS"))) {
                result.put(f[0], new Resolved(null, 0, null, true, groups.get(f[0]))); // ran here: ansible_connection=local
            }
        }
        assertEquals(groups.keySet(), result.keySet(), "every host was tried:\n" + out);
        return result;
    }

    /** Each host's groups (with their ancestors and all) from ansible-inventory --list. */
    private Map<String, Set<String>> groups(List<String> inventoryArgs, Path play, Path home, Path fakeSsh) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/ansible-inventory", "--list"));
        cmd.addAll(inventoryArgs);
        YamlTree.Node list = YamlTree.parseJson(run(cmd, play, home, fakeSsh));
        Map<String, Set<String>> parents = new TreeMap<>();
        Map<String, Set<String>> direct = new TreeMap<>();
        list.map().forEach((group, data) -> {
            if (group.equals("_meta")) {
                return;
            }
            YamlTree.Node hosts = data.map().get("hosts");
            YamlTree.Node children = data.map().get("children");
            if (hosts != null) {
                hosts.list().forEach(h -> direct.computeIfAbsent(h.text(), k -> new TreeSet<>()).add(group));
            }
            if (children != null) {
                children.list().forEach(c -> parents.computeIfAbsent(c.text(), k -> new TreeSet<>()).add(group));
            }
        });
        Map<String, Set<String>> out = new TreeMap<>();
        direct.forEach((host, gs) -> {
            Set<String> all = new TreeSet<>();
            List<String> todo = new ArrayList<>(gs);
            while (!todo.isEmpty()) {
                String g = todo.remove(todo.size() - 1);
                if (all.add(g)) {
                    todo.addAll(parents.getOrDefault(g, Set.of()));
                }
            }
            out.put(host, all);
        });
        return out;
    }

    private String run(List<String> cmd, Path cwd, Path home, Path fakeSsh) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(false)
                .redirectError(tmp.resolve("ansible.err").toFile());
        Map<String, String> env = pb.environment();
        env.put("HOME", home.toString());
        env.put("ANSIBLE_CONFIG", tmp.resolve("ansible.cfg").toString());
        env.put("ANSIBLE_SSH_EXECUTABLE", fakeSsh.toString());
        env.put("ANSIBLE_NOCOLOR", "1");
        env.put("ANSIBLE_INVENTORY_UNPARSED_FAILED", "true");
        env.put("ANSIBLE_LOCAL_TEMP", Files.createDirectories(home.resolve("ansible-tmp")).toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("ansible hung: " + cmd);
        }
        return new String(out, StandardCharsets.UTF_8) + "\n" + Files.readString(tmp.resolve("ansible.err"));
    }

    /** A script printing {@code json}: how Ansible reads the --list format. */
    private static Path printer(Path dir, Path json) throws IOException {
        return executable(dir.resolve(json.getFileName() + ".sh"), "#!/bin/sh\nexec cat '" + json + "'\n");
    }

    private static Path executable(Path file, String content) throws IOException {
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return to;
    }
}
