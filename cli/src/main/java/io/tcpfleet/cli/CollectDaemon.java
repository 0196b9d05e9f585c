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
import io.tcpfleet.serve.LatestSamples;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The running {@code collect}: everything it opens, opened in order and closed in reverse — the
 * API, the poller and its SSH connections, the readers' store server, then the store last, after
 * the final sweep is stored. A SIGTERM stops the loop and waits for that order to complete.
 */
final class CollectDaemon implements AutoCloseable {

    /** Everything {@code collect} was asked to do, already validated. */
    record Settings(List<Host> hosts, SshSettings ssh, SshTransport.ConnectionMode connections, int maxKept,
                    int concurrency, TallyOptions tally, Duration interval, Duration retention,
                    Duration breakdownRetention, int staleAfter, InetSocketAddress listen,
                    InetSocketAddress zabbixServer, boolean zabbixByAddress, int maxSweeps) {

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
            Transport transport = new PerHostTransport(new LocalProcTransport(),
                    new SshTransport(settings.ssh(), settings.connections(), settings.maxKept()));
            opened.add(transport);
            Poller poller = new Poller(transport, settings.tally(), Clock.systemUTC(), settings.concurrency());
            opened.add(poller);
            if (servedDataDir != null) {
                opened.add(StoreServer.start(servedDataDir));
            }
            LatestSamples latest = new LatestSamples();
            latest.update(store.latest().stream().map(StoredSample::result).toList());
            Consumer<List<PollResult>> afterSweep = latest::update;
            if (settings.zabbixServer() != null) {
                afterSweep = afterSweep.andThen(new TrapperPush(new ZabbixSender(settings.zabbixServer(), Duration.ofSeconds(10)),
                        settings.zabbixByAddress(), Clock.systemUTC()));
            }
            if (settings.listen() != null) {
                opened.add(startApi(latest));
            }
            loop = new CollectLoop(poller, store, settings.hosts(), settings.interval(), settings.spread(),
                    positive(settings.retention()), positive(settings.breakdownRetention()), progress,
                    afterSweep);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Opens everything; on any failure what was opened is closed again. */
    static CollectDaemon open(Settings settings, SampleStore store, Path servedDataDir, Progress progress) {
        return new CollectDaemon(settings, store, servedDataDir, progress);
    }

    private StatusApi startApi(LatestSamples latest) {
        Freshness freshness = new Freshness(settings.interval().multipliedBy(settings.staleAfter()), Clock.systemUTC());
        try {
            StatusApi api = StatusApi.start(settings.listen(), latest, freshness);
            CollectLoop.LOG.info("API on http://{}", hostPort(api.address()));
            return api;
        } catch (IOException e) {
            throw new UsageException("cannot listen on " + hostPort(settings.listen()) + ": " + e.getMessage(), e);
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
