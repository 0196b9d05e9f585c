package io.tcpfleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP ({@code systemctl reload}) on a real {@code collect} in its own JVM polling simulated SSH
 * hosts: it re-reads the config file, the inventory and known_hosts; kept connections of unchanged
 * hosts survive, a new host is polled from the next sweep, a removed one stops being served, and a
 * broken file is logged while the running configuration stays. Before, SIGHUP ended the JVM.
 */
class CollectReloadTest {

    static final List<String> ADDRESSES = List.of("127.0.5.1", "127.0.5.2", "127.0.5.3");

    @TempDir
    Path dir;

    private final KeyPair clientKey = TestKeys.ecdsa();

    @Test
    void sighupAppliesTheNewInventoryAndKeepsWhatDidNotChange() throws Exception {
        try (FakeSshHost fleet = FakeSshHost.on(ADDRESSES).authorize("monitor", clientKey.getPublic())
                .dump(FreezableFleet.DUMP.getBytes(StandardCharsets.US_ASCII)).start()) {
            Path inventory = dir.resolve("hosts.ini");
            Path knownHosts = dir.resolve("known_hosts");
            Files.writeString(inventory, inventory(fleet, 1, 2));
            Files.writeString(knownHosts, knownHosts(fleet, 0, 1)); // web3's key is not known yet
            Path conf = conf("inventory = " + inventory + "\ninterval = 1s\n");
            Path home = Files.createDirectories(dir.resolve("home"));
            try (DaemonProcess d = new DaemonProcess(home, "--config", conf.toString(), "--known-hosts", knownHosts.toString(),
                    "--identity", TestKeys.writeOpenSsh(clientKey, dir.resolve("id_ecdsa")).toString(), "--ssh-config", "none",
                    "--timeout", "4s", "--connect-timeout", "2s")) {
                await(d, "both hosts polled twice", () -> polls(d) >= 4);
                assertEquals(2, fleet.logins(), d.log());

                // web2 leaves, web3 comes with its key; the config now also asks for what needs a restart
                Files.writeString(inventory, inventory(fleet, 1, 3));
                Files.writeString(knownHosts, knownHosts(fleet, 0, 1, 2));
                Files.writeString(conf, "inventory = " + inventory + "\ninterval = 1s\nstale-after = 5\n");
                hangUp(d);
                await(d, "web3 polled after the reload", () -> ok(d, "web3"));
                assertEquals(404, d.get("/v1/hosts/web2").code(), "a removed host is not served: " + d.log());
                assertEquals(List.of("web1", "web3"), hosts(d));
                assertEquals(FreezableFleet.CLOSE_WAIT + "", d.get("/v1/hosts/web3/states/CLOSE_WAIT").body().strip());
                long after = polls(d);
                await(d, "two more sweeps", () -> polls(d) >= after + 4);
                assertEquals(3, fleet.logins(), "web1 kept its login; only web3 logged in:\n" + d.log());
                assertTrue(d.log().contains("reload: 2 hosts (1 added, 1 removed), from the next sweep"), d.log());
                assertTrue(d.log().contains("reload: --stale-after changed; kept as running until collect restarts"), d.log());

                // a broken inventory: logged with its file and line, the running hosts kept and polled
                Files.writeString(inventory, inventory(fleet, 1, 3).replace("[web]\n", "[web]\nweb4 ansible_port=notaport\n"));
                hangUp(d);
                await(d, "the failed reload logged", () -> d.log().contains("reload failed, keeping the running configuration"));
                String failed = d.log().lines().filter(l -> l.contains("reload failed")).findFirst().orElseThrow();
                assertTrue(failed.contains(inventory + ":") && failed.contains("notaport"), failed);
                long before = polls(d);
                await(d, "polling goes on", () -> polls(d) >= before + 4);
                assertEquals(List.of("web1", "web3"), hosts(d));
                assertTrue(ok(d, "web1") && ok(d, "web3"), d.log());

                // a broken config file too
                Files.writeString(conf, "inventory = " + inventory + "\nno-such-option = 1\n");
                hangUp(d);
                await(d, "the failed config reload logged",
                        () -> d.log().lines().filter(l -> l.contains("reload failed")).count() == 2);
                assertEquals(0, d.stop(), d.log());
            }
        }
    }

    private Path conf(String text) throws Exception {
        Path f = dir.resolve("collect.conf");
        Files.writeString(f, text);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
        return f;
    }

    /** Hosts web{n} at ADDRESSES[n-1]. */
    private static String inventory(FakeSshHost fleet, int... numbers) {
        StringBuilder b = new StringBuilder("[web]\n");
        for (int n : numbers) {
            b.append("web").append(n).append(" ansible_host=").append(ADDRESSES.get(n - 1))
                    .append(" ansible_port=").append(fleet.port()).append('\n');
        }
        return b.append("\n[all:vars]\nansible_user=monitor\n").toString();
    }

    private static String knownHosts(FakeSshHost fleet, int... indexes) {
        StringBuilder b = new StringBuilder();
        for (int i : indexes) {
            b.append(fleet.knownHostsLine(ADDRESSES.get(i), fleet.hostKey().getPublic())).append('\n');
        }
        return b.toString();
    }

    private static void hangUp(DaemonProcess d) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(d.pid())).start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0);
    }

    private static long polls(DaemonProcess d) throws Exception {
        Double v = MetricsText.value(d.get("/metrics").body(), "tcpfleet_polls_total");
        return v == null ? 0 : v.longValue();
    }

    private static boolean ok(DaemonProcess d, String host) throws Exception {
        return d.get("/v1/hosts/" + host + "/status").body().strip().equals("OK");
    }

    private static List<String> hosts(DaemonProcess d) throws Exception {
        List<String> out = new ArrayList<>();
        new ObjectMapper().readTree(d.get("/v1/hosts").body()).forEach(h -> out.add(h.get("{#HOST}").asText()));
        return out;
    }

    /** Checks every 100 ms for at most 30 s. */
    private static void await(DaemonProcess d, String what, Check check) throws Exception {
        long until = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < until) {
            if (!d.alive()) {
                throw new AssertionError("collect ended while waiting for " + what + ":\n" + d.log());
            }
            if (check.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("never saw " + what + " in 30 s:\n" + d.log());
    }

    @FunctionalInterface
    private interface Check {
        boolean holds() throws Exception;
    }
}
