package io.tcpfleet.cli;

import io.tcpfleet.model.Host;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * When the daemon sweeps and which hosts: all of them every interval (one collector), or the
 * hosts this node claimed in each interval slot (a cluster, {@link ClusterPlan}).
 */
interface SweepPlan {

    /**
     * One sweep to run now.
     *
     * @param hosts   what to poll (may be empty: the sweep still counts as the loop being alive)
     * @param spread  the part of the interval the polls' starts are spread over
     * @param label   what the sweep's log line starts with
     * @param counted whether it counts towards {@code --sweeps} (a cluster's catch-up pass does not)
     * @param startWithin no host starts after this much time (a claim holds for its interval slot
     *                    only); null: no limit
     */
    record Pass(List<Host> hosts, Duration spread, String label, boolean counted, Duration startWithin) {

        public Pass {
            hosts = List.copyOf(hosts);
            if (startWithin != null && spread.compareTo(startWithin) > 0) {
                spread = startWithin.isNegative() ? Duration.ZERO : startWithin;
            }
        }
    }

    /** Waits for the next sweep and returns it; empty once {@code stop} is released. */
    Optional<Pass> next(CountDownLatch stop) throws InterruptedException;

    /** The inventory's hosts from the next sweep on (a reload); a sweep under way keeps its own. */
    void hosts(List<Host> next);

    /** The whole inventory every interval, the first sweep at once: one collector, as before clusters. */
    final class EveryInterval implements SweepPlan {

        private volatile List<Host> hosts;
        private final Duration interval;
        private final Duration spread;
        private long next;
        private boolean first = true;

        EveryInterval(List<Host> hosts, Duration interval, Duration spread) {
            this.hosts = List.copyOf(hosts);
            this.interval = interval;
            this.spread = spread;
        }

        @Override
        public void hosts(List<Host> next) {
            hosts = List.copyOf(next);
        }

        @Override
        public Optional<Pass> next(CountDownLatch stop) throws InterruptedException {
            if (first) {
                next = System.nanoTime(); // the first sweep at once, however long opening took
            } else {
                next += interval.toNanos();
                long late = System.nanoTime() - next;
                if (late > 0) {
                    CollectLoop.LOG.warn("sweep took {}, longer than the interval {}: the next one starts now"
                            + " (raise --interval or --concurrency)", io.tcpfleet.model.DurationText.of(interval.plusNanos(late)),
                            io.tcpfleet.model.DurationText.of(interval));
                    next = System.nanoTime();
                }
            }
            first = false;
            long wait = next - System.nanoTime();
            if (wait > 0 && stop.await(wait, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
            return stop.getCount() == 0 ? Optional.empty() : Optional.of(new Pass(hosts, spread, "sweep", true, null));
        }
    }
}
