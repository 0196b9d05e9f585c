package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Issue 13: prometheus/tcpfleet-rules.yml is valid, its alerts behave as its committed unit tests say, and it only uses metrics /metrics exports. */
class PrometheusRulesTest {

    static final Path DIR = Promtool.REPO.resolve("prometheus");

    @Test
    void rulesPassPromtoolCheck() throws Exception {
        Promtool.Run r = Promtool.run(DIR, new byte[0], "check", "rules", "tcpfleet-rules.yml");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SUCCESS: 10 rules found"), r.out());
    }

    @Test
    void rulesPassTheirUnitTests() throws Exception {
        Promtool.Run r = Promtool.run(DIR, new byte[0], "test", "rules", "tcpfleet-rules.test.yml");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("SUCCESS"), r.out());
    }

    @Test
    void everyMetricTheRulesUseIsExported() throws Exception {
        String rules = Files.readString(DIR.resolve("tcpfleet-rules.yml"));
        String exported = PrometheusTextTest.render(MetricsConfig.basic());
        Matcher m = Pattern.compile("\\b(tcpfleet_[a-z_]+)").matcher(rules);
        int found = 0;
        while (m.find()) {
            found++;
            assertTrue(exported.contains("# TYPE " + m.group(1) + " "), m.group(1) + " is not in /metrics");
        }
        assertTrue(found > 10, "rules name tcpfleet metrics: " + found);
    }
}
