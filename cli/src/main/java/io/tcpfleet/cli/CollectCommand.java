package io.tcpfleet.cli;

import io.tcpfleet.collector.poll.Poller;
import io.tcpfleet.collector.transport.LocalProcTransport;
import io.tcpfleet.collector.transport.PerHostTransport;
import io.tcpfleet.collector.transport.SshSettings;
import io.tcpfleet.collector.transport.SshTransport;
import io.tcpfleet.collector.transport.Transport;
import io.tcpfleet.model.Host;
import io.tcpfleet.serve.Freshness;
import io.tcpfleet.serve.LatestSamples;
import io.tcpfleet.serve.StatusApi;
import io.tcpfleet.serve.TrapperPush;
import io.tcpfleet.serve.ZabbixSender;
import io.tcpfleet.storage.SampleStore;
import io.tcpfleet.storage.StoreServer;
import io.tcpfleet.storage.StoredSample;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "collect", mixinStandardHelpOptions = true,
        description = {"Poll the fleet every interval and store each sweep (the daemon).",
                "Hosts are spread over the interval; one log line per sweep goes to stderr.",
                "While it runs, report/history/get in other processes read its database through a",
                "loopback-only server (URL and secret in $TCPFLEET_HOME/collect.properties, mode 0600).",
                "SIGTERM: no new host starts, polls in flight finish, the last sweep is stored, the database closed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly", "1:could not run (database, inventory file)", "2:usage error"})
final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "HOST", arity = "0..*", description = "Hosts to poll ([user@]host[:port]), besides -i inventories.")
    List<String> hosts = List.of();

    @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "60s", converter = DurationParser.class,
            description = "Time between sweeps (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "30d", converter = DurationParser.class,
            description = "Delete samples older than this, in bounded batches after each sweep (default: ${DEFAULT-VALUE}; 0 keeps all).")
    Duration retention;

    @Option(names = "--breakdown-retention", paramLabel = "DURATION", defaultValue = "2d", converter = DurationParser.class,
            description = "Keep per-port and per-peer rows this long (default: ${DEFAULT-VALUE}; 0 = as long as the samples):"
                    + " they are most of the rows, and reports and diagnose read only the latest.")
    Duration breakdownRetention;

    @Option(names = "--connections", paramLabel = "MODE", defaultValue = "persistent",
            description = "persistent: one login per host, kept between sweeps (default); fresh: a new login every poll.")
    SshTransport.ConnectionMode connections;

    @Option(names = "--max-kept", paramLabel = "N",
            description = "Keep at most N connections (default: what half the JVM heap holds at ~0.4 MB each); "
                    + "hosts beyond it log in for every poll.")
    Integer maxKept;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:9731",
            description = "HTTP API for the Zabbix check script and Prometheus (default: ${DEFAULT-VALUE}; 'none' to disable).")
    String listen;

    @Option(names = "--stale-after", paramLabel = "N", defaultValue = "3",
            description = "The API answers a sample older than N intervals as stale, not as current (default: ${DEFAULT-VALUE}).")
    int staleAfter;

    @Option(names = "--zabbix-server", paramLabel = "HOST[:PORT]",
            description = "Push every sweep to this Zabbix server or proxy's trapper (port 10051 by default), item tcpfleet.trap.")
    String zabbixServer;

    @Option(names = "--zabbix-host-by", paramLabel = "name|address", defaultValue = "name",
            description = "Which tcpfleet value is the Zabbix host name when pushing (default: ${DEFAULT-VALUE}).")
    String zabbixHostBy;

    @Option(names = "--sweeps", paramLabel = "N", defaultValue = "0",
            description = "Stop after N sweeps (default: run until stopped).")
    int maxSweeps;

    @Mixin
    FleetOptions fleet;

    @Mixin
    TallyOptionsMixin tally;

    @Mixin
    StoreOptions store;

    @Override
    public Integer call() throws InterruptedException {
        if (!fleet.hasInventory(hosts)) {
            throw new UsageException("nothing to collect: give -i INVENTORY or hosts");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || maxSweeps < 0) {
            throw new UsageException("--interval must be >= 1s and --sweeps >= 0");
        }
        List<Host> targets = fleet.hosts(hosts, spec.commandLine().getErr());
        SshSettings settings = fleet.settings();
        Duration spread = CollectLoop.spreadFor(interval, settings.deadline());
        SampleStore s = store.openOwned();
        int kept = maxKept != null ? maxKept : keptForHeap(Runtime.getRuntime().maxMemory());
        if (kept < 0) {
            throw new UsageException("--max-kept must be >= 0");
        }
        // ansible_connection=local hosts are this machine: read through /proc, never SSH
        Transport transport = new PerHostTransport(new LocalProcTransport(), new SshTransport(settings, connections, kept));
        Poller poller = new Poller(transport, tally.options(), Clock.systemUTC(), Math.min(fleet.concurrency, targets.size()));
        if (staleAfter < 1) {
            throw new UsageException("--stale-after must be >= 1");
        }
        InetSocketAddress apiAddress = "none".equals(listen) ? null : ListenAddress.parse(listen);
        LatestSamples latest = new LatestSamples();
        latest.update(s.latest().stream().map(StoredSample::result).toList());
        java.util.function.Consumer<List<io.tcpfleet.model.PollResult>> afterSweep = latest::update;
        if (zabbixServer != null) {
            if (!zabbixHostBy.equals("name") && !zabbixHostBy.equals("address")) {
                throw new UsageException("--zabbix-host-by must be name or address");
            }
            InetSocketAddress zbx = zabbixAddress(zabbixServer);
            afterSweep = afterSweep.andThen(new TrapperPush(new ZabbixSender(zbx, Duration.ofSeconds(10)),
                    zabbixHostBy.equals("address")));
        }
        CollectLoop loop = new CollectLoop(poller, s, targets, interval, spread, retention.isZero() ? null : retention,
                breakdownRetention.isZero() ? null : breakdownRetention, Progress.onTerminal(System.err), afterSweep);
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM: the JVM halts when its hooks return, so ours waits until the loop has stored the
        // last sweep and the finally below has closed the database, in that order.
        Thread hook = new Thread(() -> {
            CollectLoop.LOG.info("stopping: finishing polls in flight and storing the last sweep");
            loop.stop();
            try {
                if (!closed.await(settings.deadline().plusSeconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
                    CollectLoop.LOG.warn("last sweep did not finish in time; closing the database anyway");
                    s.close();
                    return; // the JVM's own SIGTERM status (143): not a clean stop
                }
                CollectLoop.LOG.info("stopped: last sweep stored, database closed");
                // A stop asked for and done in order is a success: exit 0, not the JVM's 143.
                Runtime.getRuntime().halt(ExitCode.OK);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "tcpfleet-collect-stop");
        StoreServer server = null;
        StatusApi api = null;
        try {
            Runtime.getRuntime().addShutdownHook(hook);
            if (store.isDefault()) {
                server = StoreServer.start(store.dataDirectory());
            }
            if (apiAddress != null) {
                try {
                    api = StatusApi.start(apiAddress, latest, new Freshness(interval.multipliedBy(staleAfter), Clock.systemUTC()));
                } catch (IOException e) {
                    throw new UsageException("cannot listen on " + listen + ": " + e.getMessage(), e);
                }
                CollectLoop.LOG.info("API on http://{}", listen);
            }
            if (connections == SshTransport.ConnectionMode.PERSISTENT && kept < targets.size()) {
                CollectLoop.LOG.warn("keeping {} of {} connections (--max-kept, or raise -Xmx: ~0.4 MB each);"
                        + " the other hosts log in for every poll", kept, targets.size());
            }
            CollectLoop.LOG.info("collecting {} hosts every {} ({} connections, concurrency {}, starts spread over {} s)",
                    targets.size(), interval, connections.name().toLowerCase(Locale.ROOT),
                    Math.min(fleet.concurrency, targets.size()), spread.toSeconds());
            loop.run(maxSweeps);
            return ExitCode.OK;
        } finally {
            if (api != null) {
                api.close();
            }
            poller.close();
            transport.close();
            if (server != null) {
                server.close();
            }
            s.close();
            closed.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running and has just been released
            }
        }
    }

    static InetSocketAddress zabbixAddress(String spec) {
        try {
            io.tcpfleet.model.Endpoint e = io.tcpfleet.model.Endpoint.parse(spec, null);
            if (e.user() != null) {
                throw new IllegalArgumentException("no user@ here");
            }
            // unresolved here; the sender resolves it for every push (DNS may change under a daemon)
            return InetSocketAddress.createUnresolved(e.host(), spec.matches(".*:\\d+$") ? e.port() : 10051);
        } catch (IllegalArgumentException ex) {
            throw new UsageException("--zabbix-server wants HOST[:PORT], got '" + spec + "'", ex);
        }
    }

    /** Kept connections that fit in half the heap: sshj holds ~0.35 MB per connection (measured), 0.4 with margin. */
    static int keptForHeap(long maxHeapBytes) {
        return (int) Math.min(Integer.MAX_VALUE, maxHeapBytes / 2 / (400L * 1024));
    }
}
