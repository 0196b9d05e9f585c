package io.tcpfleet.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 10 §2: the daemon serves only its inventory's hosts, and an address never stands for another host. */
class LatestSamplesTest {

    static PollResult ok(Host h, int secondsAgo) {
        return PollResult.ok(h, ServeFixtures.NOW.minusSeconds(secondsAgo), Duration.ofMillis(5), ServeFixtures.tally(), null);
    }

    @Test
    void storedSamplesOfOtherHostsAreNotServed() {
        LatestSamples s = new LatestSamples(List.of(ServeFixtures.WEB1, ServeFixtures.DB1));
        Host local = Host.local("this-machine"); // a one-off `poll --local` stored in the same database
        Host web1Elsewhere = Host.ssh("web1", "10.9.9.9", 22, null); // an old sample of the name at another address
        int kept = s.seed(List.of(ok(local, 5), ok(web1Elsewhere, 5), ok(ServeFixtures.DB1, 50)));
        assertEquals(1, kept);
        assertInstanceOf(HostLookup.Unknown.class, s.find("this-machine"));
        assertInstanceOf(HostLookup.Unknown.class, s.find("10.9.9.9"));
        assertNull(((HostLookup.Found) s.find("web1")).latest(), "web1 has no sample of its own yet");
        assertEquals(List.of("db1", "web1"), s.all().stream().map(e -> e.host().name()).toList());

        s.update(ok(local, 1)); // results of hosts outside the inventory are ignored
        assertEquals(2, s.size());
        assertEquals(1, s.sampled());
    }

    @Test
    void anAddressNamesAHostOnlyWhenExactlyOneHostHasIt() {
        LatestSamples s = new LatestSamples(ServeFixtures.INVENTORY);
        HostLookup shared = s.find("127.0.0.1");
        assertInstanceOf(HostLookup.Ambiguous.class, shared);
        assertEquals(List.of("web-a", "web-b"), ((HostLookup.Ambiguous) shared).names());
        assertEquals("web1", ((HostLookup.Found) s.find("10.0.0.1")).host().name());
        assertEquals("web-b", ((HostLookup.Found) s.find("web-b")).host().name(), "the name always works");
    }

    @Test
    void aNewInventoryDropsTheSamplesOfRemovedHosts() {
        LatestSamples s = new LatestSamples(List.of(ServeFixtures.WEB1, ServeFixtures.DB1));
        s.update(List.of(ok(ServeFixtures.WEB1, 1), ok(ServeFixtures.DB1, 1)));
        s.setInventory(List.of(ServeFixtures.WEB1));
        assertInstanceOf(HostLookup.Unknown.class, s.find("db1"));
        s.setInventory(List.of(ServeFixtures.WEB1, ServeFixtures.DB1));
        assertNull(((HostLookup.Found) s.find("db1")).latest(), "a host added back starts without a sample");
    }
}
