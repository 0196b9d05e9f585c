package io.tcpfleet.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.TcpState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab itself: labs that run at the same time, in this JVM or another, never share a subnet or
 * a name and each reaches its own hosts; nothing is left behind, even by a failed start; the
 * socket holder holds every state it names.
 */
@RequiresE2E(Tool.NETNS_LAB)
class NetnsLabTest {

    @TempDir
    Path dir;

    @Test
    void labsRunningAtOnceInTwoJvmsHaveTheirOwnSubnetsAndReachTheirOwnHosts() throws Exception {
        Set<String> before = labNames();
        for (String d : List.of("a", "b", "c")) {
            Files.createDirectories(dir.resolve(d));
        }
        Process other = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NetnsLab.class.getName(), dir.resolve("c").toString(), "1")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader otherOut = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
        try (NetnsLab a = NetnsLab.open(dir.resolve("a"), 1); NetnsLab b = NetnsLab.open(dir.resolve("b"), 1)) {
            Map<String, String> c = assignments(otherOut);
            assertEquals(3, new HashSet<>(List.of(a.net, b.net, c.get("LAB_NET"))).size(), a.net + " " + b.net + " " + c);
            assertEquals(3, new HashSet<>(List.of(a.peerNs(), b.peerNs(), c.get("LAB_PEER_NS"))).size());
            // Each lab's sshd answers at its own address with its own host key: nothing crossed.
            a.startSshd(0);
            b.startSshd(0);
            assertEquals(a.knownHostsLine(0), keyscan(a.address(0)));
            assertEquals(b.knownHostsLine(0), keyscan(b.address(0)));
            other.getOutputStream().write("sshd 0\n".getBytes(StandardCharsets.UTF_8));
            other.getOutputStream().flush();
            assertEquals("ok", otherOut.readLine());
            String otherHost = c.get("LAB_HOST").replaceAll("[()']", "");
            assertEquals(Files.readString(dir.resolve("c/known_hosts")).trim(), keyscan(otherHost));
        } finally {
            other.getOutputStream().close(); // the other JVM's lab removes itself at EOF
            assertTrue(other.waitFor(30, TimeUnit.SECONDS), "the scripted lab did not stop");
        }
        assertEquals(0, other.exitValue());
        assertEquals(before, labNames(), "every namespace and interface of the three labs is gone");
    }

    @Test
    void aSubnetWithAnAddressOnThisMachineIsNotTaken() throws Exception {
        int next;
        try (SubnetClaim probe = SubnetClaim.claim()) {
            next = probe.number;
        }
        String other = "tfltest" + next; // someone else's interface in that subnet (a veth: no dummy driver here)
        NetnsLab.run("ip", "link", "add", other, "type", "veth", "peer", "name", other + "b");
        try {
            NetnsLab.run("ip", "addr", "add", "10.213." + next + ".1/24", "dev", other);
            try (NetnsLab lab = NetnsLab.open(dir, 0)) {
                assertNotEquals("10.213." + next, lab.net, "a lab took a subnet this machine already uses");
            }
        } finally {
            NetnsLab.run("ip", "link", "del", other);
        }
    }

    @Test
    void aStartThatFailsHalfWayLeavesNothingAndCloseMayBeCalledAgain() throws Exception {
        Set<String> before = labNames();
        // ssh-keygen cannot write into a directory that does not exist: after namespaces and veth
        Exception e = assertThrows(Exception.class, () -> NetnsLab.open(dir.resolve("missing"), 2));
        assertTrue(e.getMessage().contains("ssh-keygen"), String.valueOf(e));
        assertEquals(before, labNames(), "namespaces or interfaces of the failed lab remain");
        NetnsLab lab = NetnsLab.open(dir, 1);
        lab.close();
        lab.close();
        assertEquals(before, labNames());
    }

    @Test
    void theSocketHolderHoldsEveryStateItNames() throws Exception {
        try (NetnsLab lab = NetnsLab.open(dir, 1)) {
            lab.sockets(lab.peerNs(), "mixed-peer");
            lab.sockets(lab.hostNs(0), "mixed-host", lab.peerAddress(), lab.peerAddress6());
            lab.sockets(lab.peerNs(), "mixed-clients", lab.address(0), lab.address6(0));
            Map<TcpState, Long> want = new EnumMap<>(Map.of(TcpState.LISTEN, 6L, TcpState.ESTABLISHED, 15L,
                    TcpState.SYN_SENT, 2L, TcpState.SYN_RECV, 2L, TcpState.FIN_WAIT1, 2L, TcpState.FIN_WAIT2, 2L,
                    TcpState.TIME_WAIT, 4L, TcpState.CLOSE_WAIT, 2L, TcpState.LAST_ACK, 2L));
            Map<TcpState, Long> seen = new HashMap<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); // FINs and dropped handshakes settle
            while (System.nanoTime() < until && !want.equals(seen)) {
                seen = lab.ssWithoutSsh(0);
                Thread.sleep(100);
            }
            assertEquals(want, seen);
        }
    }

    @Test
    void anOpenSshdStartedInAHostsNamespaceRunsAndAnswersThere() throws Exception {
        try (NetnsLab lab = NetnsLab.open(Files.createDirectories(dir.resolve("lab")), 1);
             OpenSshd sshd = OpenSshd.in(dir.resolve("sshd"), lab.address(0)).netns(lab.hostNs(0))
                     .loginShell(Path.of("/bin/sh"), dir).start()) {
            assertEquals(22, sshd.port());
            assertEquals(netns(lab),
                    Files.readSymbolicLink(Path.of("/proc", Long.toString(sshd.process().pid()), "ns", "net")).toString(),
                    "sshd (the process ended by pid) runs in the host's namespace");
            assertEquals(sshd.knownHostsLine("ed25519"), keyscan(lab.address(0)), "known_hosts names port 22 as OpenSSH does");
        }
    }

    /** The namespace of a host, as /proc/PID/ns/net names it ("net:[INODE]"). */
    private static String netns(NetnsLab lab) throws Exception {
        return NetnsLab.output("ip", "netns", "exec", lab.hostNs(0), "readlink", "/proc/self/ns/net").trim();
    }

    /** The shell assignments the scripted lab prints before 'ready'. */
    private static Map<String, String> assignments(BufferedReader out) throws Exception {
        Map<String, String> values = new HashMap<>();
        String line;
        while ((line = out.readLine()) != null && !line.equals("ready")) {
            String[] kv = line.split("=", 2);
            values.put(kv[0], kv[1].startsWith("'") ? kv[1].substring(1, kv[1].length() - 1) : kv[1]);
        }
        assertEquals("ready", line, "lab output: " + values);
        return values;
    }

    private static String keyscan(String address) throws Exception {
        String out = NetnsLab.output("ssh-keyscan", "-t", "ed25519", address);
        List<String> keys = new ArrayList<>(out.lines().filter(l -> !l.startsWith("#")).toList());
        assertEquals(1, keys.size(), out);
        return keys.get(0).trim();
    }

    /** Every lab namespace and interface on this machine. */
    private static Set<String> labNames() throws Exception {
        Set<String> names = new TreeSet<>();
        for (String l : NetnsLab.output("ip", "netns", "list").split("\n")) {
            if (l.startsWith("tfl")) {
                names.add(l.split("\\s+")[0]);
            }
        }
        for (String l : NetnsLab.output("ip", "-o", "link").split("\n")) {
            String[] f = l.split(":\\s+");
            if (f.length > 1 && f[1].startsWith("tfl")) {
                names.add(f[1].split("@")[0]);
            }
        }
        return names;
    }
}
