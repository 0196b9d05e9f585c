package io.tcpfleet.cli;

import io.tcpfleet.collector.transport.SshSettings;
import io.tcpfleet.collector.transport.SshTransport;
import io.tcpfleet.model.DurationText;
import io.tcpfleet.model.Endpoint;
import io.tcpfleet.model.Host;
import io.tcpfleet.serve.ZabbixSender;
import io.tcpfleet.storage.SweepBuffer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "collect", mixinStandardHelpOptions = true, defaultValueProvider = ConfigDefaults.class,
        description = {"Poll the fleet every interval and store each sweep (the daemon).",
                "Hosts are spread over the interval; one log line per sweep goes to stderr.",
                "While it runs, report/history/get in other processes read its database through a",
                "loopback-only server (URL and secret in $TCPFLEET_HOME/collect.properties, mode 0600).",
                "SIGTERM: no new host starts, polls in flight finish, the last sweep is stored, the database closed.",
                "While the store fails (disk full, database down) it keeps polling and serving, holds the sweeps in",
                "memory (--buffer-sweeps, --buffer-size; the oldest dropped first), turns /health unhealthy, retries",
                "with backoff and stores them, oldest first, once the store works again.",
                "--config FILE takes any option below as a `key = value` line (key: the long name without dashes);",
                "the command line wins over the file."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped cleanly, every sweep stored",
                "1:could not run (database, inventory file), or stopped with sweeps not stored (the log says how many)",
                "2:usage error"})
final class CollectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "HOST", arity = "0..*", description = "Hosts to poll ([user@]host[:port]), besides -i inventories.")
    List<String> hosts = List.of();

    @Option(names = ConfigDefaults.OPTION, paramLabel = "FILE",
            description = "Read options from FILE: `key = value` lines (interval = 60s, inventory = /etc/tcpfleet/hosts.ini);"
                    + " a repeatable option repeats its key; no one but its owner may be able to write FILE.")
    Path config;

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
            description = "Keep at most N connections (default: what half the JVM heap holds at ~48 KB each, within"
                    + " the open-files limit); hosts beyond it log in for every poll.")
    Integer maxKept;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:9731", converter = ListenAddress.class,
            description = "HTTP API for the Zabbix check script and Prometheus (default: ${DEFAULT-VALUE}; 'none' to disable).")
    InetSocketAddress listen;

    @Option(names = "--allow-remote", description = "Allow --listen on an address other machines can reach (the API has no authentication).")
    boolean allowRemote;

    @Option(names = "--stale-after", paramLabel = "N", defaultValue = "3",
            description = "The API answers a sample older than N intervals as stale, not as current (default: ${DEFAULT-VALUE}).")
    int staleAfter;

    @Option(names = "--metrics-ports",
            description = "Also export per listening port series on /metrics: connections by state and the accept queue"
                    + " (many series on busy hosts).")
    boolean metricsPorts;

    @Option(names = "--zabbix-server", paramLabel = "HOST[:PORT]",
            description = "Push every sweep to this Zabbix server or proxy's trapper (port 10051 by default), item tcpfleet.trap.")
    String zabbixServer;

    /** Which value of a host is its technical host name in Zabbix. */
    enum ZabbixHostBy {
        NAME, ADDRESS;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--zabbix-host-by", paramLabel = "WHAT", defaultValue = "name",
            description = "Which tcpfleet value is the Zabbix host name when pushing: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ZabbixHostBy zabbixHostBy;

    @Option(names = "--buffer-sweeps", paramLabel = "N", defaultValue = "1440",
            description = "While the store fails, hold at most N sweeps in memory, dropping the oldest (default: ${DEFAULT-VALUE}).")
    int bufferSweeps;

    @Option(names = "--buffer-size", paramLabel = "SIZE",
            description = "While the store fails, hold at most SIZE of sweeps in memory (512M, 1G; default: a quarter of the JVM heap).")
    String bufferSize;

    @Option(names = "--node", paramLabel = "NAME",
            description = "This collector's name in the cluster (default: HOSTNAME:PID). Every collect whose --db is the same"
                    + " PostgreSQL database joins one cluster: the hosts are divided among the live nodes, each polled once"
                    + " per interval, and any node's API answers for all of them (docs/scale-out.md).")
    String node;

    @Option(names = "--sweeps", paramLabel = "N", defaultValue = "0",
            description = "Stop after N sweeps (default: run until stopped).")
    int maxSweeps;

    @Mixin
    FleetOptions fleet;

    @Mixin
    TallyOptionsMixin tally;

    @Mixin
    StoreOptions store;

    @Mixin
    Streams streams;

    @Mixin
    LogFormatOption logFormat;

    @Override
    public Integer call() {
        logFormat.apply();
        CollectDaemon.Settings settings = settings();
        List<Host> targets = settings.hosts();
        if (listen != null && !ListenAddress.isLoopback(listen)) {
            CollectLoop.LOG.warn("the API listens on {}, reachable from other machines (--allow-remote)", CollectDaemon.hostPort(listen));
        }
        if (connections == SshTransport.ConnectionMode.PERSISTENT && settings.maxKept() < targets.size()) {
            CollectLoop.LOG.warn("keeping {} of {} connections ({}); the other hosts log in for every poll", settings.maxKept(),
                    targets.size(), maxKept != null ? "--max-kept" : "--max-kept, or " + KeptBudget.ofThisJvm(fleet.concurrency).toKeepMore());
        }
        CollectLoop.LOG.info("collecting {} hosts every {} ({} connections, concurrency {}, starts spread over {})",
                targets.size(), DurationText.of(interval), connections.name().toLowerCase(Locale.ROOT),
                settings.concurrency(), DurationText.of(settings.spread()));
        List<String> args = spec.root().commandLine().getParseResult().originalArgs(); // "collect" and its options
        // every collect on PostgreSQL is a cluster node (alone, it owns every host); H2 stays a single collector
        CollectDaemon.Cluster cluster = store.isPostgres()
                ? new CollectDaemon.Cluster(node != null ? node : defaultNodeName(),
                        () -> store.openCluster(clamp(interval.dividedBy(5), Duration.ofMillis(250), Duration.ofSeconds(1)))) : null;
        try (CollectDaemon daemon = CollectDaemon.open(settings, cluster, store::openOwned,
                store.isDefault() ? store.dataDirectory() : null, streams.progress());
             ReloadSignal hup = ReloadSignal.install(() -> reload(daemon, args))) {
            return daemon.run();
        }
    }

    /**
     * SIGHUP: the command line read again with the config file and inventories as they are now. A
     * file that does not parse, or settings that do not validate, are logged and the running ones
     * kept.
     */
    private static void reload(CollectDaemon daemon, List<String> args) {
        CollectLoop.LOG.info("reload: reading the configuration and inventories again (SIGHUP)");
        StringWriter problems = new StringWriter();
        try {
            // the inventory's problems (file:line: what) go into the one log line of this reload
            CommandLine cl = Main.commandLine().setErr(new PrintWriter(problems, true));
            CommandLine.ParseResult parsed = cl.parseArgs(args.toArray(String[]::new));
            CollectDaemon.Settings next = ((CollectCommand) parsed.subcommand().commandSpec().userObject()).settings();
            daemon.reload(next);
        } catch (RuntimeException e) {
            String found = problems.toString().lines().map(l -> l.replaceFirst("^tcpfleet: ", ""))
                    .collect(Collectors.joining("; "));
            CollectLoop.LOG.error("reload failed, keeping the running configuration: {}{}", found.isEmpty() ? "" : found + "; ",
                    e.getMessage());
        }
    }

    /** Every option checked and the inventory read, before anything is opened: a usage error leaks nothing. */
    CollectDaemon.Settings settings() {
        if (!fleet.hasInventory(hosts)) {
            throw new UsageException("nothing to collect: give -i INVENTORY or hosts");
        }
        if (interval.compareTo(Duration.ofSeconds(1)) < 0 || maxSweeps < 0) {
            throw new UsageException("--interval must be >= 1s and --sweeps >= 0");
        }
        if (staleAfter < 1) {
            throw new UsageException("--stale-after must be >= 1");
        }
        KeptBudget budget = KeptBudget.ofThisJvm(fleet.concurrency);
        int kept = maxKept != null ? maxKept : budget.connections();
        if (kept < 0) {
            throw new UsageException("--max-kept must be >= 0");
        }
        if (listen != null && !ListenAddress.isLoopback(listen) && !allowRemote) {
            throw new UsageException("--listen " + CollectDaemon.hostPort(listen) + " is reachable from other machines;"
                    + " the API has no authentication: add --allow-remote if that is intended");
        }
        if (bufferSweeps < 1) {
            throw new UsageException("--buffer-sweeps must be >= 1");
        }
        SweepBuffer.Limits buffer = new SweepBuffer.Limits(bufferSweeps, bufferSize != null
                ? SizeParser.parse(bufferSize, "--buffer-size") : Runtime.getRuntime().maxMemory() / 4);
        if (node != null && !store.isPostgres()) {
            throw new UsageException("--node goes with --db jdbc:postgresql://...: a cluster of collectors shares a PostgreSQL database");
        }
        if (node != null && (node.isBlank() || node.length() > 255 || !node.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new UsageException("--node wants a name of 1 to 255 printable characters without spaces, got '" + node + "'");
        }
        InetSocketAddress zabbix = zabbixServer == null ? null : zabbixAddress(zabbixServer);
        InventoryOptions.Selected selected = fleet.selected(hosts, streams.err());
        List<Host> targets = selected.hosts();
        SshSettings ssh = fleet.settings();
        return new CollectDaemon.Settings(targets, ssh, connections, kept,
                Math.min(fleet.concurrency, targets.size()), tally.options(), interval, retention, breakdownRetention,
                staleAfter, listen, zabbix, zabbixHostBy == ZabbixHostBy.ADDRESS, maxSweeps, metricsPorts, buffer, selected.groups());
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }

    /** HOSTNAME:PID: unique on a machine, and it says where to look. */
    static String defaultNodeName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    static InetSocketAddress zabbixAddress(String spec) {
        try {
            Endpoint e = Endpoint.parse(spec, null, ZabbixSender.DEFAULT_PORT);
            if (e.user() != null) {
                throw new IllegalArgumentException("no user@ here");
            }
            // unresolved here; the sender resolves it for every push (DNS may change under a daemon)
            return InetSocketAddress.createUnresolved(e.host(), e.port());
        } catch (IllegalArgumentException ex) {
            throw new UsageException("--zabbix-server wants HOST[:PORT], got '" + spec + "'", ex);
        }
    }
}
