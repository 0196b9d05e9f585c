package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every poll status has a line in the Zabbix templates' value map: the status names are one contract. */
class ZabbixStatusMapTest {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @Test
    void everyPollStatusIsInTheValueMap() throws Exception {
        String script = Files.readString(REPO.resolve("zabbix/make-template.py"));
        String yaml = Files.readString(REPO.resolve("zabbix/tcpfleet_templates.yaml"));
        for (PollStatus s : PollStatus.values()) {
            assertTrue(script.contains("\"" + s.name() + "\": \"" + s.name() + ": "), s + " missing in make-template.py");
            assertTrue(yaml.contains("- value: " + s.name() + "\n"), s + " missing in tcpfleet_templates.yaml (regenerate it)");
        }
    }
}
