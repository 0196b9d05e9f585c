package io.tcpfleet.cli;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.tally.TallyOptions;
import io.tcpfleet.collector.transport.LocalProcTransport;
import io.tcpfleet.collector.transport.PerHostTransport;
import io.tcpfleet.collector.transport.SshSettings;
import io.tcpfleet.collector.transport.SshTransport;
import io.tcpfleet.collector.transport.Transport;
import io.tcpfleet.model.Freshness;
import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import io.tcpfleet.serve.DaemonHealth;
import io.tcpfleet.serve.HealthLine;
import io.tcpfleet.serve.LatestSamples;
import io.tcpfleet.serve.MetricsConfig;
import io.tcpfleet.serve.Served;
import io.tcpfleet.serve.StatusApi;
import io.tcpfleet.serve.TrapperPush;
import io.tcpfleet.serve.ZabbixSender;
import io.tcpfleet.storage.ClusterStore;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoreServer;
import io.tcpfleet.storage.StoredSample;
import io.tcpfleet.storage.SweepBuffer;
import io.tcpfleet.storage.SweepLedger;
import io.tcpfleet.storage.SweepWriter;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The running {@code collect}: everything it opens, opened in order and closed in reverse — the
 * API, the poller and its SSH connections, the readers' store server, then the store's writer
 * last, after it has tried to store every held sweep. A SIGTERM stops the loop and waits for that
 * order to complete; the exit says truthfully whether every sweep taken was stored.
 */
final class CollectDaemon implements AutoCloseable {

    /**
     * Everything {@code collect} was asked to do, already validated; {@code groups}: each host's
     * inventory groups, most specific first, for Zabbix host discovery.
     */
    record Settings(List<Host> hosts, SshSettings ssh, SshTransport.ConnectionMode connections, int maxKept,
                    int concurrency, TallyOptions tally, Duration interval, Duration retention,
                    Duration breakdownRetention, int staleAfter, InetSocketAddress listen,
                    InetSocketAddress zabbixServer, boolean zabbixByAddress, int maxSweeps, boolean metricsPorts,
                    SweepBuffer.Limits buffer, Map<String, List<String>> groups) {

        Duration spread() {
            return CollectLoop.spreadFor(interval, ssh.deadline());
        }

        Settings withHosts(List<Host> nextHosts, Map<String, List<String>> nextGroups) {
            return new Settings(nextHosts, ssh, connections, maxKept, concurrency, tally, interval, retention,
                    breakdownRetention, staleAfter, listen, zabbixServer, zabbixByAddress, maxSweeps, metricsPorts,
                    buffer, nextGroups);
        }

        /** Retries of a failing store: from 1 s, doubling, at most one interval (between 1 and 30 s). */
        SweepWriter.Backoff backoff() {
            Duration max = interval.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : interval;
            return new SweepWriter.Backoff(Duration.ofSeconds(1), max.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : max);
        }
    }

    /** A collector on PostgreSQL: its node name and how to reach the cluster's tables. */
    record Cluster(String node, Supplier<ClusterStore> opener) {
    }

    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long a stop keeps trying to store held sweeps before it reports them lost. */
    static final Duration FLUSH_AT_STOP = Duration.ofSeconds(10);

    private volatile Settings settings; // a reload replaces its hosts and groups
    private Transport transport;
    private LatestSamples latest;
    private final List<AutoCloseable> opened = new ArrayList<>(); // closed in reverse
    private final CountDownLatch closed = new CountDownLatch(1);
    private SampleStore store; // until the writer owns it
    private SweepWriter writer;
    private final CollectLoop loop;
    private volatile int exitCode = ExitCode.OK;

    private CollectDaemon(Settings settings, Cluster cluster, Supplier<SampleStore> opener, Path servedDataDir, Progress progress) {
        this.settings = settings;
        this.store = opener.get(); // a database that cannot open (corrupt, in use) ends collect here, exit 1
        try {
            // ansible_connection=local hosts are this machine: read through /proc, never SSH
            SshTransport ssh = new SshTransport(settings.ssh(), settings.connections(), settings.maxKept());
            transport = new PerHostTransport(new LocalProcTransport(), ssh);
            opened.add(transport);
            Poller poller = new Poller(transport, settings.tally(), Clock.systemUTC(), settings.concurrency());
            opened.add(poller);
            StoreServer served = null;
            if (servedDataDir != null) {
                served = StoreServer.start(servedDataDir);
                opened.add(served);
            }
            // Only the inventory's hosts are served: a one-off poll stored in the same database is not ours.
            latest = new LatestSamples(settings.hosts(), settings.groups());
            latest.seed(store.latest().stream().map(StoredSample::result).toList());
            DaemonHealth health = new DaemonHealth(settings.interval(), Clock.systemUTC());
            Consumer<List<PollResult>> afterSweep = results -> { };
            if (settings.zabbixServer() != null) {
                afterSweep = new TrapperPush(new ZabbixSender(settings.zabbixServer(), Duration.ofSeconds(10)),
                        settings.zabbixByAddress(), Clock.systemUTC(), () -> HealthLine.of(health, latest).text());
            }
            String apiUrl = null;
            if (settings.listen() != null) {
                MetricsConfig metrics = new MetricsConfig(settings.metricsPorts(), version(), ssh::keptConnections,
                        ssh::shellRestarts, ssh::forcedCommandHosts);
                StatusApi api = startApi(new Served(latest, freshness(), health, metrics));
                opened.add(api);
                apiUrl = "http://" + hostPort(api.address());
                if (served != null && DaemonApi.reachableLocally(api.address())) {
                    served.announceApi(DaemonApi.localAddress(api.address())); // get asks it instead of the database
                }
            }
            SweepPlan plan = new SweepPlan.EveryInterval(settings.hosts(), settings.interval(), settings.spread());
            if (cluster != null) {
                plan = joinCluster(cluster, opener, latest, health, apiUrl);
            }
            writer = new SweepWriter(store, opener, new SweepBuffer(settings.buffer()), settings.backoff(),
                    new StoreHealth(health), StoreRetention.of(settings.retention(), settings.breakdownRetention()));
            store = null;
            loop = new CollectLoop(poller, writer, plan, freshness().staleAfter(), new LiveResults(progress, latest, health),
                    afterSweep, health);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Opens everything; on any failure what was opened is closed again.
     *
     * @param opener opens the store: first here, and again after a failure closed an embedded one
     */
    static CollectDaemon open(Settings settings, Cluster cluster, Supplier<SampleStore> opener, Path servedDataDir,
                              Progress progress) {
        return new CollectDaemon(settings, cluster, opener, servedDataDir, progress);
    }

    /**
     * Joins the cluster of the database: heartbeats, claims, and the other nodes' samples read into
     * the API once per interval. Closed before the API (in reverse order), so that a stopping node
     * leaves at once and the others take its hosts at their next sweep.
     */
    private SweepPlan joinCluster(Cluster cluster, Supplier<SampleStore> opener, LatestSamples latest, DaemonHealth health,
                                  String apiUrl) {
        ClusterStore store = cluster.opener().get();
        ClusterMembership membership = new ClusterMembership(store, cluster.node(), InventoryFingerprint.of(settings.hosts()),
                settings.hosts().size(), settings.interval());
        opened.add(membership);
        membership.join(apiUrl);
        ClusterReadThrough readThrough = new ClusterReadThrough(opener, latest);
        opened.add(readThrough);
        readThrough.start(settings.interval());
        return new ClusterPlan(membership, store, settings.hosts(), settings.interval(), settings.spread(), health);
    }

    private Freshness freshness() {
        return new Freshness(settings.interval().multipliedBy(settings.staleAfter()), Clock.systemUTC());
    }

    /**
     * The JDK HttpServer can bound its open connections only through a JVM-wide property read once,
     * when the first server is made (there is no per-server setting). This process is the daemon and
     * the API its only HTTP server, so it is set here, by the application, unless the user set it
     * (-Djdk.httpserver.maxConnections=N): idle sockets beyond it are closed at once instead of
     * using up the file descriptors the SSH polls and the store need. Slow clients within it are
     * bounded per exchange by the API itself (serve's ApiLimits).
     */
    static final int API_MAX_CONNECTIONS = 256;

    private StatusApi startApi(Served served) {
        if (System.getProperty("jdk.httpserver.maxConnections") == null) {
            System.setProperty("jdk.httpserver.maxConnections", Integer.toString(API_MAX_CONNECTIONS));
        }
        try {
            StatusApi api = StatusApi.start(settings.listen(), served);
            CollectLoop.LOG.info("API on http://{}", hostPort(api.address()));
            return api;
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + hostPort(settings.listen()) + ": " + e.getMessage(), e);
        }
    }

    private static String version() {
        String v = new VersionProvider().getVersion()[0]; // "tcpfleet 1.2.3"
        return v.substring(v.indexOf(' ') + 1);
    }

    /**
     * Each poll as it happens: its start to the health's in-flight list, its result to the API's
     * latest values and the health's counters at once (a fleet-wide hang shows while it lasts),
     * then to the terminal's progress line.
     */
    private record LiveResults(Poller.Listener progress, LatestSamples latest, DaemonHealth health)
            implements Poller.Listener {

        @Override
        public void started(Host host) {
            health.sweeps().pollStarted(host.name());
        }

        @Override
        public void polled(PollResult result, int done, int total) {
            latest.update(result);
            health.sweeps().polled(result);
            progress.polled(result, done, total);
        }
    }

    /** The store's writer reports into the daemon's health: /health, /metrics and the Zabbix items read it. */
    private record StoreHealth(DaemonHealth health) implements SweepWriter.Listener {

        @Override
        public void storeWorks(int held) {
            health.bufferedSweeps(held);
            health.storeRecovered();
        }

        @Override
        public void storeFails(String reason, int held) {
            health.bufferedSweeps(held);
            health.storeFailed(reason);
        }
    }

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /**
     * A reload (SIGHUP) with what the command line and config file say now: the inventory's hosts
     * and groups apply from the next sweep; hosts no longer in it stop being served and their kept
     * connections close; kept connections of the others stay. Options that need what only a
     * restart opens again (the database, the API's socket, the poller's threads) are named in the
     * log and keep their running value.
     */
    synchronized void reload(Settings next) {
        Settings now = settings;
        Set<String> before = names(now.hosts());
        Set<String> after = names(next.hosts());
        latest.setInventory(next.hosts(), next.groups());
        loop.hosts(next.hosts());
        Set<Host> staying = Set.copyOf(next.hosts()); // a set: a 10,000-host fleet is not compared pairwise
        now.hosts().stream().filter(h -> !staying.contains(h)).forEach(transport::forget); // gone or moved
        settings = now.withHosts(next.hosts(), next.groups());
        long added = after.stream().filter(n -> !before.contains(n)).count();
        long gone = before.stream().filter(n -> !after.contains(n)).count();
        CollectLoop.LOG.info("reload: {} hosts ({} added, {} removed), from the next sweep", next.hosts().size(), added, gone);
        List<String> restart = RestartOnly.changed(now, next);
        if (!restart.isEmpty()) {
            CollectLoop.LOG.warn("reload: {} changed; kept as running until collect restarts", String.join(", ", restart));
        }
    }

    private static Set<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).collect(Collectors.toSet());
    }

    /**
     * Runs sweeps until {@code --sweeps} or SIGTERM. The hook waits for {@link #close()}: the JVM
     * halts when its hooks return, and the held sweeps must be stored and the database closed first.
     * Returns 0 when every sweep taken was stored, else 1.
     */
    int run() {
        Thread hook = new Thread(this::stopFromSignal, "tcpfleet-collect-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loop.run(settings.maxSweeps());
        } finally {
            close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running and has just been released
            }
        }
        return exitCode;
    }

    private void stopFromSignal() {
        CollectLoop.LOG.info("stopping: finishing polls in flight and storing what is held");
        loop.stop();
        try {
            if (!closed.await(settings.ssh().deadline().plus(FLUSH_AT_STOP).plus(SweepWriter.WRITE_GRACE).plusSeconds(5).toMillis(),
                    TimeUnit.MILLISECONDS)) {
                CollectLoop.LOG.warn("the last sweep did not finish in time; closing the database anyway");
                SweepLedger ledger = writer.finish(Duration.ZERO);
                CollectLoop.LOG.error("stopped: {}", ledger.text());
                return; // the JVM's own SIGTERM status (143): not a clean stop
            }
            // A stop asked for and done in order is a success (0, not the JVM's 143), unless sweeps were lost.
            Runtime.getRuntime().halt(exitCode);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Closes in reverse order of opening, the store's writer last (it tries the held sweeps for up
     * to {@link #FLUSH_AT_STOP}), and says what was and was not stored; idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed.getCount() == 0) {
            return;
        }
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                CollectLoop.LOG.warn("closing {}: {}", opened.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        opened.clear();
        if (writer != null) {
            SweepLedger ledger = writer.finish(FLUSH_AT_STOP);
            if (ledger.notStored() == 0) {
                CollectLoop.LOG.info("stopped: {}, database closed", ledger.text());
            } else {
                String why = writer.failing();
                CollectLoop.LOG.error("stopped: {}{}; database closed; exit {}", ledger.text(),
                        why == null ? "" : " (store failing: " + why + ")", ExitCode.FAILED);
                exitCode = ExitCode.FAILED;
            }
        } else if (store != null) {
            store.close();
        }
        closed.countDown();
    }
}
