package io.tcpfleet.inventory;

import static io.tcpfleet.inventory.InventoryFiles.host;
import static io.tcpfleet.inventory.InventoryFiles.names;
import static io.tcpfleet.inventory.InventoryFiles.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -i DIR, -i - and JSON inventories: what is read, what is skipped, and the errors. */
class InventorySourcesTest {

    @TempDir
    Path dir;

    @Test
    void aDirectoryIsReadInSortedOrderAndErrorsNameTheFileInside() throws Exception {
        InventoryFiles.write(dir, "inv/b.yml", "web:\n  hosts:\n    w2:\n");
        Path a = InventoryFiles.write(dir, "inv/a", "[web]\nw1 ansible_port=nope\nw0\n");
        InventoryFiles.write(dir, "inv/sub/c", "[db]\nd1\n");
        InventoryFiles.write(dir, "inv/hosts.ini", "[skipped]\nx1\n");
        Inventory inv = InventoryFiles.load(dir.resolve("inv"));
        assertEquals(List.of(a + ":2: bad ansible_port 'nope': not a number 1-65535"), problems(inv));
        assertEquals(List.of("w0", "w2", "d1"), names(inv));
    }

    @Test
    void aDirectoryWithOnlySkippedFilesSaysSo() throws Exception {
        InventoryFiles.write(dir, "inv/hosts.ini", "[web]\nw1\n");
        InventoryFiles.write(dir, "inv/list.txt", "w2\n");
        Files.createSymbolicLink(dir.resolve("inv/loop"), dir.resolve("inv"));
        Inventory inv = InventoryFiles.load(dir.resolve("inv"));
        assertEquals(1, inv.problems().size(), problems(inv).toString());
        String p = problems(inv).get(0);
        assertTrue(p.startsWith(dir.resolve("inv") + ": no inventory file in this directory"), p);
        assertTrue(p.endsWith("; skipped here: hosts.ini, list.txt)"), p);
    }

    @Test
    void stdinTakesTheListFormatOnce() throws Exception {
        String json = """
                {"_meta": {"hostvars": {"a1": {"ansible_host": "10.0.0.1", "ansible_port": 2201}}},
                 "all": {"children": ["ungrouped", "web"]},
                 "web": {"hosts": ["a1", "a2"], "vars": {"ansible_user": "ops"}}}
                """;
        Inventory inv = new InventoryLoader(SshConfig.empty(), new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                .load(List.of(Path.of("-"), Path.of("-")), List.of());
        assertEquals(List.of("<stdin>: '-i -' given twice: standard input can be read once"), problems(inv));
        assertEquals("ops@10.0.0.1:2201", host(inv, "a1").host().target());
        assertEquals("<stdin>:1 (ansible_host)", host(inv, "a1").origins().get("address"));
        assertEquals("ops@a2:22", host(inv, "a2").host().target());
    }

    @Test
    void jsonErrorsNameTheirLine() throws Exception {
        Path bad = InventoryFiles.write(dir, "bad.json", "{\"web\": {\"hosts\": [\"a1\",\n  \"a2\" \"a3\"]}}\n");
        assertTrue(problems(InventoryFiles.load(bad)).get(0).startsWith(bad + ":2: JSON syntax error"),
                problems(InventoryFiles.load(bad)).toString());
        Path shape = InventoryFiles.write(dir, "shape.json", """
                {"_meta": {"hostvars": []},
                 "web": {"hosts": "a1", "children": ["x"]},
                 "db": {"hosts": [{"name": "d1"}, "d2"]}}
                """);
        assertEquals(List.of(shape + ":2: hosts of group 'web' must be a list of names",
                shape + ":3: a host of group 'db' must be a name",
                shape + ":1: _meta.hostvars must be an object of host names"), problems(InventoryFiles.load(shape)));
    }

    @Test
    void aYamlInventoryWrittenAsJsonIsReadAsYaml() throws Exception {
        Path f = InventoryFiles.write(dir, "inv.json", "{\"all\": {\"hosts\": {\"j1:2201\": {\"ansible_user\": \"u\"}}}}\n");
        assertEquals("u@j1:2201", host(InventoryFiles.load(f), "j1").host().target());
    }

    @Test
    void scriptsAreNeverRun() throws Exception {
        Path marker = dir.resolve("ran");
        Path script = InventoryFiles.write(dir, "ec2.py", "#!/bin/sh\ntouch " + marker + "\n");
        script.toFile().setExecutable(true);
        assertEquals(List.of(script + ":1: an inventory script: tcpfleet runs nothing; give it the script's output: "
                + script + " --list | tcpfleet ... -i -"), problems(InventoryFiles.load(script)));
        assertTrue(Files.notExists(marker));
    }
}
