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
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoreServer;
import io.tcpfleet.storage.StoredSample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The running {@code collect}: everything it opens, opened in order and closed in reverse — the
 * API, the poller and its SSH connections, the readers' store server, then the store last, after
 * the final sweep is stored. A SIGTERM stops the loop and waits for that order to complete.
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
                    Map<String, List<String>> groups) {

        Duration spread() {
            return CollectLoop.spreadFor(interval, ssh.deadline());
        }
    }

    private final Settings settings;
    private final List<AutoCloseable> opened = new ArrayList<>(); // closed in reverse
    private final CountDownLatch closed = new CountDownLatch(1);
    private final SampleStore store;
    private final CollectLoop loop;

    private CollectDaemon(Settings settings, SampleStore store, Path servedDataDir, Progress progress) {
        this.settings = settings;
        this.store = store;
        try {
            // ansible_connection=local hosts are this machine: read through /proc, never SSH
            SshTransport ssh = new SshTransport(settings.ssh(), settings.connections(), settings.maxKept());
            Transport transport = new PerHostTransport(new LocalProcTransport(), ssh);
            opened.add(transport);
            Poller poller = new Poller(transport, settings.tally(), Clock.systemUTC(), settings.concurrency());
            opened.add(poller);
            if (servedDataDir != null) {
                opened.add(StoreServer.start(servedDataDir));
            }
            // Only the inventory's hosts are served: a one-off poll stored in the same database is not ours.
            LatestSamples latest = new LatestSamples(settings.hosts(), settings.groups());
            latest.seed(store.latest().stream().map(StoredSample::result).toList());
            DaemonHealth health = new DaemonHealth(settings.interval(), Clock.systemUTC());
            Consumer<List<PollResult>> afterSweep = results -> { };
            if (settings.zabbixServer() != null) {
                afterSweep = new TrapperPush(new ZabbixSender(settings.zabbixServer(), Duration.ofSeconds(10)),
                        settings.zabbixByAddress(), Clock.systemUTC(), () -> HealthLine.of(health, latest).text());
            }
            if (settings.listen() != null) {
                MetricsConfig metrics = new MetricsConfig(settings.metricsPorts(), version(), ssh::keptConnections);
                opened.add(startApi(new Served(latest, freshness(), health, metrics)));
            }
            loop = new CollectLoop(poller, store, settings.hosts(), settings.interval(), settings.spread(),
                    positive(settings.retention()), positive(settings.breakdownRetention()),
                    new LiveResults(progress, latest, health), afterSweep, health);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens everything; on any failure what was opened is closed again. */
    static CollectDaemon open(Settings settings, SampleStore store, Path servedDataDir, Progress progress) {
        return new CollectDaemon(settings, store, servedDataDir, progress);
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
        try {
            String v = new VersionProvider().getVersion()[0]; // "tcpfleet 1.2.3"
            return v.substring(v.indexOf(' ') + 1);
        } catch (IOException e) {
            return "unknown";
        }
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

    static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static Duration positive(Duration d) {
        return d.isZero() ? null : d;
    }

    /**
     * Runs sweeps until {@code --sweeps} or SIGTERM. The hook waits for {@link #close()}: the JVM
     * halts when its hooks return, and the last sweep must be stored and the database closed first.
     */
    int run() {
        Thread hook = new Thread(this::stopFromSignal, "tcpfleet-collect-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            loop.run(settings.maxSweeps());
            return ExitCode.OK;
        } finally {
            close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running and has just been released
            }
        }
    }

    private void stopFromSignal() {
        CollectLoop.LOG.info("stopping: finishing polls in flight and storing the last sweep");
        loop.stop();
        try {
            if (!closed.await(settings.ssh().deadline().plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
                CollectLoop.LOG.warn("last sweep did not finish in time; closing the database anyway");
                store.close();
                return; // the JVM's own SIGTERM status (143): not a clean stop
            }
            CollectLoop.LOG.info("stopped: last sweep stored, database closed");
            // A stop asked for and done in order is a success: exit 0, not the JVM's 143.
            Runtime.getRuntime().halt(ExitCode.OK);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Closes in reverse order of opening, the store last; idempotent. */
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
        store.close();
        closed.countDown();
    }
}
