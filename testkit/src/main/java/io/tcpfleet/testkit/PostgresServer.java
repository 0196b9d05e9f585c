package io.tcpfleet.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for tests and benchmarks: Debian's PostgreSQL 15 binaries, a cluster
 * made by {@code initdb} in a temporary directory, run as the unprivileged {@code postgres} user
 * when we are root (initdb and postgres refuse root), listening on 127.0.0.1 on a free port and on
 * a Unix socket in that directory. TCP logins need the superuser's password (scram-sha-256), which
 * is random per server; the socket trusts local logins, for {@link #psql}.
 *
 * <p>Starting one costs about a second, so tests share {@link #shared()}, started on first use and
 * stopped by pid when the JVM exits. Only the JDK is needed here: the caller brings its driver.
 */
public final class PostgresServer implements AutoCloseable {

    public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
    public static final String SUPERUSER = "postgres";

    private final Path dir;
    private final int port;
    private final String password;
    private volatile Process process;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresServer(Path dir, int port, String password, Process process) {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.process = process;
    }

    /** Whether the binaries are installed (Debian's {@code postgresql} package). */
    public static boolean installed() {
        return Files.isExecutable(BIN.resolve("initdb")) && Files.isExecutable(BIN.resolve("postgres"));
    }

    /** The server shared by every test of this JVM, started on first use. */
    public static PostgresServer shared() {
        return Shared.SERVER;
    }

    /** Holder idiom: started once, when first asked for; stopped by the JVM's exit. */
    private static final class Shared {
        static final PostgresServer SERVER = start();

        static {
            Runtime.getRuntime().addShutdownHook(new Thread(SERVER::close, "postgres-test-server-stop"));
        }
    }

    /** Starts a server of its own in a new temporary directory; {@link #close()} stops it and removes it. */
    public static PostgresServer start() {
        if (!installed()) {
            throw new IllegalStateException("PostgreSQL 15 is not installed (apt-get install postgresql)");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tcpfleet-pg-");
            giveToServerUser(dir);
            byte[] secret = new byte[18];
            new SecureRandom().nextBytes(secret);
            String password = HexFormat.of().formatHex(secret);
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, password + "\n");
            giveToServerUser(pwfile);
            run(dir, asServerUser(BIN.resolve("initdb").toString(), "-D", dir.resolve("data").toString(), "-U", SUPERUSER,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8",
                    "--locale=C", "--no-sync"));
            Files.delete(pwfile);
            giveToServerUser(Files.createDirectories(dir.resolve("sock")));
            int port = freePort();
            PostgresServer server = new PostgresServer(dir, port, password, launch(dir, port));
            server.awaitReady();
            return server;
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new UncheckedIOException("cannot start PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            deleteQuietly(dir);
            throw e;
        }
    }

    private static Process launch(Path dir, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(asServerUser(BIN.resolve("postgres").toString(),
                "-D", dir.resolve("data").toString(), "-k", dir.resolve("sock").toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
                "-c", "max_connections=200"))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("postgres.log").toFile()));
        return pb.start();
    }

    /**
     * Stops the server as an outage would (SIGINT: fast shutdown, every client disconnected) and
     * keeps its data; {@link #restart()} brings it back on the same port. Not for {@link #shared()}.
     */
    public void stop() {
        stopProcess();
    }

    /** Starts the stopped server again, same data, same port, and waits until it answers. */
    public void restart() {
        if (process.isAlive()) {
            throw new IllegalStateException("postgres is running");
        }
        try {
            process = launch(dir, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart PostgreSQL in " + dir, e);
        }
        awaitReady();
    }

    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** The superuser's password, for TCP logins. */
    public String password() {
        return password;
    }

    /** The server's process id (setpriv execs it, so this is postgres itself). */
    public long pid() {
        return process.pid();
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/DATABASE?user=postgres}: without the password. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database + "?user=" + SUPERUSER;
    }

    /** Creates an empty database with a fresh name and returns the name. */
    public String createDatabase() {
        String name = "t" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet();
        psql("postgres", "CREATE DATABASE " + name);
        return name;
    }

    /** Runs SQL through psql on the Unix socket as the superuser; returns its unaligned output. */
    public String psql(String database, String sql) {
        return run(dir, List.of(BIN.resolve("psql").toString(), "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                "-h", dir.resolve("sock").toString(), "-p", Integer.toString(port), "-U", SUPERUSER, "-d", database,
                "-c", sql));
    }

    /** Stops the server by pid (SIGINT: fast shutdown) and removes its directory. */
    @Override
    public void close() {
        stopProcess();
        deleteQuietly(dir);
    }

    private void stopProcess() {
        Process process = this.process;
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitReady() {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited: " + log());
            }
            try {
                psql("postgres", "SELECT 1");
                return;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > until) {
                    throw new IllegalStateException("postgres not ready after 30 s: " + log(), e);
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while postgres starts", e);
            }
        }
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("postgres.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** initdb and postgres refuse root: run them as the unprivileged postgres user then. */
    private static List<String> asServerUser(String... command) {
        List<String> cmd = new ArrayList<>();
        if (root()) {
            cmd.addAll(List.of("setpriv", "--reuid=" + SUPERUSER, "--regid=" + SUPERUSER, "--init-groups", "--"));
        }
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static void giveToServerUser(Path p) throws IOException {
        if (root()) {
            UserPrincipal owner = p.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(SUPERUSER);
            Files.setOwner(p, owner);
        }
    }

    private static String run(Path cwd, List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out.strip());
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", cmd), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a leftover temp directory is not worth failing a test run for
        }
    }
}
