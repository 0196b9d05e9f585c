package io.tcpfleet.storage;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import org.h2.engine.SysProperties;
import org.h2.tools.Server;

/**
 * Serves the daemon's open H2 database to local readers ({@code report}, {@code history},
 * {@code get} in other processes): an H2 TCP server bound to 127.0.0.1 on a free port that opens
 * nothing but this database, and only under a random secret name; the URL with the secret goes
 * into the owner-only {@link DaemonInfo} file. At most {@link CappedTcpServer#MAX_CONNECTIONS}
 * connections at a time, each a thread.
 */
public final class StoreServer implements AutoCloseable {

    /** H2 reads its bind address once, when its first class loads: call this before any H2 use. */
    public static void bindToLoopback() {
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final Server server;
    private final DaemonInfo info;
    private final Path dataDir;

    private StoreServer(Server server, DaemonInfo info, Path dataDir) {
        this.server = server;
        this.info = info;
        this.dataDir = dataDir;
    }

    /**
     * Serves the database file {@code dataDir/tcpfleet} (as {@link SampleStore#openDefault} opens it)
     * and publishes how to reach it.
     */
    public static StoreServer start(Path dataDir) {
        requireLoopbackBinding();
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String key = "tcpfleet-" + HexFormat.of().formatHex(secret);
        String database = dataDir.resolve("tcpfleet").toAbsolutePath().toString();
        try {
            Server s = new Server(new CappedTcpServer(), "-tcpPort", "0", "-ifExists", "-key", key, database).start();
            DaemonInfo info = new DaemonInfo("jdbc:h2:tcp://127.0.0.1:" + s.getPort() + "/" + key,
                    ProcessHandle.current().pid(), Instant.now());
            info.write(dataDir);
            return new StoreServer(s, info, dataDir);
        } catch (SQLException | IllegalStateException e) {
            throw new StoreException("cannot serve the database to local readers: " + Redact.message(e.getMessage()),
                    e instanceof SQLException sql ? Redact.exception(sql) : e);
        }
    }

    private static void requireLoopbackBinding() {
        String bind = SysProperties.BIND_ADDRESS;
        try {
            if (bind == null || bind.isEmpty() || !InetAddress.getByName(bind).isLoopbackAddress()) {
                throw new StoreException("H2 would bind its server to " + (bind == null || bind.isEmpty() ? "every interface" : bind)
                        + ", not loopback: StoreServer.bindToLoopback() must run before H2 is first used");
            }
        } catch (UnknownHostException e) {
            throw new StoreException("bad h2.bindAddress " + bind, e);
        }
    }

    public DaemonInfo info() {
        return info;
    }

    public int port() {
        return server.getPort();
    }

    /** Stops serving and removes the info file; the database itself stays open for its owner. */
    @Override
    public void close() {
        info.remove(dataDir);
        server.stop();
    }
}
