package io.tcpfleet.serve;

import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.json.SampleJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes every sweep to Zabbix trapper items, one request per sweep: per host the JSON the API
 * serves, into the template's trapper master item {@value #KEY}, and the collector's health line
 * into {@value #HEALTH_KEY}. A failed host sends its
 * JSON with its status and null states, so "cannot poll" triggers see it. Counts the server
 * reports are checked and logged; a push that fails is logged and never stops collecting.
 */
public final class TrapperPush implements Consumer<List<PollResult>> {

    public static final String KEY = "tcpfleet.trap";
    /** The collector's health line ({@code /health}'s answer), pushed to every host beside its sample. */
    public static final String HEALTH_KEY = "tcpfleet.health";
    private static final Logger LOG = LoggerFactory.getLogger("tcpfleet.collect");

    private final ZabbixSender sender;
    private final boolean byAddress;
    private final Clock clock;
    private final Supplier<String> health;

    /**
     * @param byAddress send as the host's address (Zabbix host name = address) instead of its inventory name
     * @param health    the collector's health line, sent to every host as {@value #HEALTH_KEY}; null sends none
     */
    public TrapperPush(ZabbixSender sender, boolean byAddress, Clock clock, Supplier<String> health) {
        this.sender = sender;
        this.byAddress = byAddress;
        this.clock = clock;
        this.health = health;
    }

    @Override
    public void accept(List<PollResult> results) {
        List<ZabbixSender.Value> values = values(results);
        try {
            ZabbixSender.Response r = sender.send(values);
            if (!r.success() || r.failed() > 0 || r.processed() != values.size()) {
                LOG.warn("zabbix push to {}: {} of {} values refused ({}); do the Zabbix hosts exist with the template's"
                        + " trapper item, and is this collector in their Allowed hosts?", sender.server(),
                        values.size() - r.processed(), values.size(), r.info());
            } else {
                LOG.info("zabbix push to {}: {} values processed", sender.server(), r.processed());
            }
        } catch (IOException e) {
            LOG.warn("zabbix push of {} values to {} failed: {}", values.size(), sender.server(), e.getMessage());
        }
    }

    /** The values one push sends: per host, the sample JSON of the contract. */
    public List<ZabbixSender.Value> values(List<PollResult> results) {
        List<ZabbixSender.Value> out = new ArrayList<>(results.size() * 2);
        Freshness justPolled = Freshness.never(clock);
        String healthLine = health == null ? null : health.get();
        for (PollResult r : results) {
            String json = new String(SampleJson.compact(SampleJson.sample(r, justPolled)), StandardCharsets.UTF_8);
            String zabbixHost = byAddress ? r.host().address() : r.host().name();
            out.add(new ZabbixSender.Value(zabbixHost, KEY, json, r.polledAt()));
            if (healthLine != null) {
                out.add(new ZabbixSender.Value(zabbixHost, HEALTH_KEY, healthLine, clock.instant()));
            }
        }
        return out;
    }
}
