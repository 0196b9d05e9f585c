package io.tcpfleet.inventory;

import io.tcpfleet.model.Host;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parts of an OpenSSH client config ({@code ~/.ssh/config}) that decide where and as whom
 * tcpfleet connects: HostName, User, Port, IdentityFile, ProxyJump, and ProxyCommand (which tcpfleet
 * cannot follow, so it must refuse the host rather than connect directly). As ssh_config(5): blocks
 * apply in file order when a {@code Host} pattern matches (globs, {@code !negation}), the first value
 * obtained for a key wins, and ProxyJump and ProxyCommand compete for one slot; {@code Include} is
 * read in place. {@code Match} blocks other than
 * {@code Match all} / {@code Match host} are skipped: tcpfleet cannot evaluate them as ssh would.
 */
public final class SshConfig {

    /** What the config says for a host; {@code null} where it says nothing ({@code none} included for the proxy). */
    public record Resolved(String hostName, String user, Integer port, String identityFile, String proxyJump,
                           String proxyCommand) {
    }

    private record Rule(List<String> patterns, boolean matchAll, boolean never, String key, String value) {
    }

    private static final int MAX_INCLUDE_DEPTH = 16;

    private final List<Rule> rules;

    private SshConfig(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static SshConfig empty() {
        return new SshConfig(List.of());
    }

    /** Reads a config; a missing file is an empty config. */
    public static SshConfig load(Path file) throws IOException, InventoryException {
        List<Rule> rules = new ArrayList<>();
        List<InventoryProblem> problems = new ArrayList<>();
        read(file, rules, problems, 0, new String[] {"*"}, new boolean[] {false});
        if (!problems.isEmpty()) {
            throw new InventoryException(problems);
        }
        return new SshConfig(rules);
    }

    /** Current block: host patterns, and whether the block can never match (an unsupported Match). */
    private static void read(Path file, List<Rule> rules, List<InventoryProblem> problems, int depth,
                             String[] block, boolean[] never) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return;
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = splitKeyword(line);
            if (kv == null) {
                problems.add(new InventoryProblem(file, i + 1, "expected 'Keyword value', got '" + line + "'"));
                continue;
            }
            String key = kv[0].toLowerCase(Locale.ROOT);
            List<String> args = args(kv[1]);
            if (args.isEmpty()) {
                problems.add(new InventoryProblem(file, i + 1, kv[0] + " needs a value"));
                continue;
            }
            switch (key) {
                case "host" -> {
                    block[0] = String.join(" ", args);
                    never[0] = false;
                }
                case "match" -> {
                    String what = args.get(0).toLowerCase(Locale.ROOT);
                    if (what.equals("all")) {
                        block[0] = "*";
                        never[0] = false;
                    } else if (what.equals("host") && args.size() >= 2) {
                        block[0] = String.join(" ", args.get(1).split(","));
                        never[0] = false;
                    } else {
                        never[0] = true; // exec, user, canonical, ...: cannot be decided here
                    }
                }
                case "include" -> {
                    if (depth >= MAX_INCLUDE_DEPTH) {
                        problems.add(new InventoryProblem(file, i + 1, "Include nested too deeply (a loop?)"));
                        continue;
                    }
                    for (String arg : args) {
                        for (Path inc : includes(arg)) {
                            read(inc, rules, problems, depth + 1, block, never);
                        }
                    }
                }
                case "hostname", "user", "port", "identityfile", "proxyjump", "proxycommand" -> {
                    if (key.equals("port") && HostVars.port(args.get(0)) == null) {
                        problems.add(new InventoryProblem(file, i + 1, "bad Port '" + args.get(0) + "'"));
                        continue;
                    }
                    rules.add(new Rule(List.of(block[0].split("\\s+")), block[0].equals("*"), never[0], key,
                            key.equals("proxyjump") ? String.join(",", args)
                                    : key.equals("proxycommand") ? String.join(" ", args) : args.get(0)));
                }
                default -> {
                    // every other keyword is ssh's business, not ours
                }
            }
        }
    }

    private static List<Path> includes(String arg) throws IOException {
        String home = System.getProperty("user.home");
        String p = arg.startsWith("~/") ? home + arg.substring(1) : arg;
        Path path = Path.of(p);
        if (!path.isAbsolute()) {
            path = Path.of(home, ".ssh").resolve(p);
        }
        String name = path.getFileName().toString();
        if (!name.contains("*") && !name.contains("?")) {
            return List.of(path);
        }
        List<Path> out = new ArrayList<>();
        Path dir = path.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
            ds.forEach(out::add);
        }
        out.sort(null); // ssh reads glob matches in lexical order
        return out;
    }

    private static String[] splitKeyword(String line) {
        int i = 0;
        while (i < line.length() && !Character.isWhitespace(line.charAt(i)) && line.charAt(i) != '=') {
            i++;
        }
        if (i == 0) {
            return null;
        }
        String rest = line.substring(i).strip();
        if (rest.startsWith("=")) {
            rest = rest.substring(1).strip();
        }
        return new String[] {line.substring(0, i), rest};
    }

    private static List<String> args(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (!quoted && Character.isWhitespace(c)) {
                if (any) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else if (!quoted && c == '#') {
                break;
            } else {
                cur.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(cur.toString());
        }
        return out;
    }

    /** The first value of each key among the blocks that match {@code host}, tokens expanded. */
    public Resolved resolve(String host) {
        String hostName = null;
        String user = null;
        Integer port = null;
        String identity = null;
        String jump = null;
        String command = null;
        boolean proxySet = false; // ProxyJump and ProxyCommand: whichever comes first wins
        for (Rule r : rules) {
            if (r.never() || !(r.matchAll() || matches(r.patterns(), host))) {
                continue;
            }
            switch (r.key()) {
                case "hostname" -> hostName = hostName != null ? hostName : r.value();
                case "user" -> user = user != null ? user : r.value();
                case "port" -> port = port != null ? port : HostVars.port(r.value());
                case "identityfile" -> identity = identity != null ? identity : r.value();
                case "proxyjump" -> {
                    jump = proxySet ? jump : r.value();
                    proxySet = true;
                }
                case "proxycommand" -> {
                    command = proxySet ? command : r.value();
                    proxySet = true;
                }
                default -> { }
            }
        }
        if (hostName != null) {
            hostName = hostName.replace("%h", host).replace("%%", "%");
        }
        String home = System.getProperty("user.home");
        if (identity != null) {
            String u = user != null ? user : System.getProperty("user.name");
            identity = identity.replace("%d", home).replace("%u", System.getProperty("user.name")).replace("%r", u)
                    .replace("%h", hostName != null ? hostName : host).replace("%%", "%");
            if (identity.startsWith("~/")) {
                identity = home + identity.substring(1);
            }
        }
        if (command != null && command.equalsIgnoreCase("none")) {
            command = null;
        }
        return new Resolved(hostName, user, port, identity, jump, command);
    }

    /** ssh's rule: some positive pattern matches and no negated one does. */
    static boolean matches(List<String> patterns, String host) {
        boolean hit = false;
        for (String p : patterns) {
            if (p.startsWith("!")) {
                if (glob(p.substring(1), host)) {
                    return false;
                }
            } else if (glob(p, host)) {
                hit = true;
            }
        }
        return hit;
    }

    private static boolean glob(String pattern, String s) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE).matcher(s).matches();
    }
}
