package io.tcpfleet.cli;

import io.tcpfleet.collector.tally.TallyOptions;
import picocli.CommandLine.Option;

/** What to count: {@code --top N}, {@code --states-only}. */
final class TallyOptionsMixin {

    /** The default of --top-peers, also for a command line answered without picocli's model. */
    static final int DEFAULT_TOP_PEERS = 20;

    @Option(names = "--top-peers", paramLabel = "N", defaultValue = "" + DEFAULT_TOP_PEERS,
            description = "Remote peers to keep by name (at most 16384, the peers tracked one by one); the rest are summed as 'other' (default: ${DEFAULT-VALUE}).")
    int topPeers;

    @Option(names = "--states-only", description = "Count states only, without per-port and per-peer breakdowns (fastest).")
    boolean statesOnly;

    /** What {@link #options} gives with neither option on the command line. */
    static TallyOptions defaults() {
        TallyOptionsMixin m = new TallyOptionsMixin();
        m.topPeers = DEFAULT_TOP_PEERS;
        return m.options();
    }

    TallyOptions options() {
        if (topPeers < 0) {
            throw new UsageException("--top-peers must be >= 0");
        }
        TallyOptions base = statesOnly ? TallyOptions.statesOnly() : TallyOptions.full();
        return base.withTopPeers(topPeers);
    }
}
