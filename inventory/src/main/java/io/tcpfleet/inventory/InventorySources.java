package io.tcpfleet.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What {@code -i} names, as Ansible takes it: a file, {@code -} for stdin, or a directory whose
 * entries are read in sorted order, recursively, skipping what Ansible skips (hidden names,
 * {@code group_vars}, {@code host_vars}, {@code vars_plugins}, and names ending in one of
 * Ansible's default {@code INVENTORY_IGNORE_EXTS}, {@code .ini} and {@code .txt} included). Each
 * source's directory (the directory itself, or a file's parent) is where its group_vars/ and
 * host_vars/ are.
 */
final class InventorySources {

    /** Where standard input appears in messages. */
    static final Path STDIN = Path.of("<stdin>");

    /** Files to read in order ({@link #STDIN} for {@code -}), and the vars directories, one per source. */
    record Expanded(List<Path> files, List<Path> varsDirs) {
    }

    private static final Pattern IGNORED = Pattern.compile(
            "^\\.|^host_vars$|^group_vars$|^vars_plugins$|(\\.pyc|\\.pyo|\\.swp|\\.bak|~|\\.rpm|\\.md|\\.txt|\\.rst|\\.orig|\\.ini|\\.cfg|\\.retry)$");

    private InventorySources() {
    }

    static Expanded expand(List<Path> sources, List<InventoryProblem> problems) {
        List<Path> files = new ArrayList<>();
        List<Path> varsDirs = new ArrayList<>();
        boolean stdin = false;
        for (Path source : sources) {
            if (source.toString().equals("-")) {
                if (stdin) {
                    problems.add(new InventoryProblem(STDIN, 0, "'-i -' given twice: standard input can be read once"));
                } else {
                    files.add(STDIN);
                }
                stdin = true;
            } else if (Files.isDirectory(source)) {
                List<String> skipped = new ArrayList<>();
                int before = files.size();
                walk(source, files, skipped, new HashSet<>(), problems);
                if (files.size() == before) {
                    problems.add(new InventoryProblem(source, 0, "no inventory file in this directory (Ansible's rules skip"
                            + " hidden names, group_vars/, host_vars/ and names ending in .ini .cfg .txt .md .retry .orig .bak ~ ..."
                            + (skipped.isEmpty() ? "" : "; skipped here: " + String.join(", ", skipped.subList(0, Math.min(5, skipped.size()))))
                            + ")"));
                }
                varsDirs.add(source);
            } else {
                files.add(source);
                varsDirs.add(source.getParent() != null ? source.getParent() : Path.of("")); // as given: messages name it so
            }
        }
        return new Expanded(files, varsDirs);
    }

    private static void walk(Path dir, List<Path> files, List<String> skipped, Set<Path> seen, List<InventoryProblem> problems) {
        try {
            if (!seen.add(dir.toRealPath())) {
                return; // a symlink loop
            }
        } catch (IOException e) {
            problems.add(new InventoryProblem(dir, 0, "cannot read: " + InventoryText.reason(e)));
            return;
        }
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = new ArrayList<>(s.toList());
        } catch (IOException e) {
            problems.add(new InventoryProblem(dir, 0, "cannot read: " + InventoryText.reason(e)));
            return;
        }
        // Python sorts the names as bytes
        entries.sort((a, b) -> Arrays.compareUnsigned(bytes(a), bytes(b)));
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (IGNORED.matcher(name).find()) {
                skipped.add(name);
            } else if (Files.isDirectory(p)) {
                walk(p, files, skipped, seen, problems);
            } else {
                files.add(p);
            }
        }
    }

    private static byte[] bytes(Path p) {
        return p.getFileName().toString().getBytes(StandardCharsets.UTF_8);
    }
}
