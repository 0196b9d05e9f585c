package io.tcpfleet.benchmarks;

import io.tcpfleet.testkit.FakeSshHost;
import io.tcpfleet.testkit.TestKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.PublicKeyEntry;

/**
 * A simulated fleet for the sweep benchmark, meant to run in its own JVM so that the collector's
 * CPU and heap are measured alone: the testkit's {@link FakeSshHost} bound to N loopback addresses
 * (127.1.x.y), each answering {@code cat /proc/net/tcp /proc/net/tcp6} with a generated table of
 * about S sockets (per exec, or per request of the collector's remote shell loop), accepting one
 * client public key as any user. Each host costs this JVM two file descriptors (its listener and
 * the collector's connection), so a fleet larger than the fd limit allows is served by several
 * JVMs, each taking a slice: hosts FIRST to FIRST+HOSTS-1.
 *
 * <pre>FakeFleetServer HOSTS SOCKETS PORT AUTHORIZED_KEY_FILE KNOWN_HOSTS_OUT HOSTS_OUT [FIRST]</pre>
 * Writes a known_hosts line and a host-list line per address, then prints "ready".
 */
public final class FakeFleetServer {

    public static void main(String[] args) throws Exception {
        int hosts = Integer.parseInt(args[0]);
        int sockets = Integer.parseInt(args[1]);
        int port = Integer.parseInt(args[2]);
        PublicKey client = PublicKeyEntry.parsePublicKeyEntry(Files.readString(Path.of(args[3])).trim())
                .resolvePublicKey(null, null, null);
        byte[] dump = dump(sockets);

        // HOST_KEY_TYPE=ed25519 (what ssh-keygen -A makes first) or ecdsa (default)
        String type = System.getenv().getOrDefault("HOST_KEY_TYPE", "ecdsa");
        KeyPair hostKey = type.equals("ed25519") ? TestKeys.ed25519() : TestKeys.ecdsa();
        int first = args.length > 6 ? Integer.parseInt(args[6]) : 0;
        List<String> addresses = new ArrayList<>();
        for (int i = first; i < first + hosts; i++) {
            addresses.add("127.1." + (i / 250) + "." + (1 + i % 250));
        }
        // FLEET_BEHAVIOR=FORCED_COMMAND: every key restricted to cat, so kept connections run one exec per poll
        FakeSshHost.Behavior behavior = FakeSshHost.Behavior.valueOf(System.getenv().getOrDefault("FLEET_BEHAVIOR", "NORMAL"));
        try (FakeSshHost fleet = FakeSshHost.on(addresses).port(port).hostKey(hostKey).authorize(null, client)
                .dump(dump).behavior(behavior).start()) {
            StringBuilder kh = new StringBuilder();
            StringBuilder list = new StringBuilder();
            for (String a : addresses) {
                kh.append(fleet.knownHostsLine(a, hostKey.getPublic())).append('\n');
                list.append(a).append(':').append(port).append('\n');
            }
            Files.writeString(Path.of(args[4]), kh);
            Files.writeString(Path.of(args[5]), list);
            System.out.println("ready " + dump.length + " bytes per host");
            System.out.flush();
            while (System.in.read() >= 0) {
                // serve until the driver closes our stdin
            }
        }
    }

    /** A /proc/net/tcp{,6} pair with about {@code sockets} rows, from the tally benchmark's generator. */
    static byte[] dump(int sockets) throws IOException {
        Path tmp = Files.createTempFile("fleet", ".dump");
        try {
            DumpGenerator.main(new String[] {tmp.toString(), Integer.toString(sockets)});
            return Files.readAllBytes(tmp);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private FakeFleetServer() {
    }
}
