package io.tcpfleet.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A simulated fleet for the sweep benchmark, meant to run in its own JVM so that the collector's
 * CPU and heap are measured alone: one Apache MINA SSHD server bound to N loopback addresses
 * (127.1.x.y), each answering {@code cat /proc/net/tcp /proc/net/tcp6} with a generated table of
 * about S sockets, accepting one client public key.
 *
 * <pre>FakeFleetServer HOSTS SOCKETS PORT AUTHORIZED_KEY_FILE KNOWN_HOSTS_OUT HOSTS_OUT</pre>
 * Writes a known_hosts line and a host-list line per address, then prints "ready".
 */
public final class FakeFleetServer {

    static final String COMMAND = "cat /proc/net/tcp /proc/net/tcp6";

    public static void main(String[] args) throws Exception {
        int hosts = Integer.parseInt(args[0]);
        int sockets = Integer.parseInt(args[1]);
        int port = Integer.parseInt(args[2]);
        PublicKey client = PublicKeyEntry.parsePublicKeyEntry(Files.readString(Path.of(args[3])).trim())
                .resolvePublicKey(null, null, null);
        byte[] dump = dump(sockets);

        // HOST_KEY_TYPE=ed25519 (what ssh-keygen -A makes first) or ecdsa (default)
        String type = System.getenv().getOrDefault("HOST_KEY_TYPE", "ecdsa");
        KeyPair hostKey = type.equals("ed25519") ? KeyUtils.generateKeyPair("ssh-ed25519", 256)
                : KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
            addresses.add("127.1." + (i / 250) + "." + (1 + i % 250));
        }
        ExecutorService commands = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fleet-cmd");
            t.setDaemon(true);
            return t;
        });
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(String.join(",", addresses));
        server.setPort(port);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, client));
        server.setCommandFactory((channel, command) -> new Answer(command, dump, commands));
        server.start();

        String keyLine = PublicKeyEntry.toString(hostKey.getPublic());
        StringBuilder kh = new StringBuilder();
        StringBuilder list = new StringBuilder();
        for (String a : addresses) {
            kh.append('[').append(a).append("]:").append(port).append(' ').append(keyLine).append('\n');
            list.append(a).append(':').append(port).append('\n');
        }
        Files.writeString(Path.of(args[4]), kh);
        Files.writeString(Path.of(args[5]), list);
        System.out.println("ready " + dump.length + " bytes per host");
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the driver closes our stdin
        }
        server.stop(true);
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

    private static final class Answer implements Command {
        private final String command;
        private final byte[] dump;
        private final ExecutorService pool;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        Answer(String command, byte[] dump, ExecutorService pool) {
            this.command = command;
            this.dump = dump;
            this.pool = pool;
        }

        @Override public void setInputStream(InputStream in) { }
        @Override public void setOutputStream(OutputStream out) { this.out = out; }
        @Override public void setErrorStream(OutputStream err) { this.err = err; }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }
        @Override public void destroy(ChannelSession channel) { }

        @Override
        public void start(ChannelSession channel, Environment env) {
            pool.submit(() -> {
                try {
                    if (!command.equals(COMMAND)) {
                        err.write(("unknown command\n").getBytes());
                        err.flush();
                        exit.onExit(127);
                        return;
                    }
                    out.write(dump);
                    out.flush();
                    exit.onExit(0);
                } catch (IOException e) {
                    exit.onExit(1);
                }
            });
        }
    }

    private FakeFleetServer() {
    }
}
