package io.tcpfleet.diagnose;

import static io.tcpfleet.model.TcpState.CLOSE_WAIT;
import static io.tcpfleet.model.TcpState.ESTABLISHED;
import static io.tcpfleet.model.TcpState.TIME_WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tcpfleet.model.PollResult;
import io.tcpfleet.model.StateHistory;
import io.tcpfleet.testkit.Tallies;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A fleet-wide diagnosis reads the history only of hosts for which {@link Diagnoser#needsHistory}
 * says a rule can use it. That is only sound if every other host gets the same findings without
 * it: checked here on hosts near every threshold, against histories that make the trend rules fire.
 */
class HistoryNeedTest {

    final Diagnoser diagnoser = new Diagnoser(Thresholds.defaults());

    @Test
    void aHostThatNeedsNoHistoryGetsTheSameFindingsWithoutIt() {
        Random random = new Random(20261127);
        int needed = 0;
        int changedByHistory = 0;
        for (int i = 0; i < 5000; i++) {
            PollResult latest = Tallies.host()
                    .add(CLOSE_WAIT, random.nextInt(25))          // around the leak minimum (10)
                    .add(ESTABLISHED, random.nextInt(1100))       // totals around the jump minimum (1000)
                    .add(TIME_WAIT, random.nextInt(3) == 0 ? random.nextInt(200) : 0)
                    .result();
            StateHistory history = random.nextBoolean()
                    ? Tallies.history(0, CLOSE_WAIT, rising(random, 12))   // a leak: only grows
                    : Tallies.history(random.nextInt(50), TIME_WAIT, flat(random, 12)); // far below today: a jump
            List<Finding> with = diagnoser.diagnose(latest, history);
            List<Finding> without = diagnoser.diagnose(latest, StateHistory.empty());
            if (diagnoser.needsHistory(latest)) {
                needed++;
                changedByHistory += with.equals(without) ? 0 : 1;
            } else {
                assertEquals(without, with, "a host said to need no history: " + latest.tally().states());
            }
        }
        // The generator reaches both sides, and the history does change answers where it is read.
        assertTrue(needed > 500 && needed < 4500, "hosts needing history: " + needed);
        assertTrue(changedByHistory > 100, "answers the history changed: " + changedByHistory);
    }

    @Test
    void theBoundariesAreTheRulesOwn() {
        Tallies belowLeak = Tallies.host().add(CLOSE_WAIT, 9);
        assertFalse(diagnoser.needsHistory(belowLeak.result()));
        Tallies atLeak = Tallies.host().add(CLOSE_WAIT, 10);
        assertTrue(diagnoser.needsHistory(atLeak.result()));
        assertNotEquals(List.of(), diagnoser.diagnose(atLeak.result(), Tallies.history(CLOSE_WAIT, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)),
                "a leak at the minimum is found through the history");

        Tallies belowJump = Tallies.host().add(ESTABLISHED, 956); // 999 sockets in all
        assertEquals(999, belowJump.result().tally().total());
        assertFalse(diagnoser.needsHistory(belowJump.result()));
        Tallies atJump = Tallies.host().add(ESTABLISHED, 957);
        assertTrue(diagnoser.needsHistory(atJump.result()));
        Tallies jump = Tallies.host().add(ESTABLISHED, 1500);
        assertTrue(diagnoser.needsHistory(jump.result()));
        assertNotEquals(List.of(), diagnoser.diagnose(jump.result(), Tallies.history(0, TIME_WAIT, 0, 0, 0, 0, 0, 0)),
                "a jump is found through the history");

        PollResult failed = PollResult.failed(atJump.result().host(), Tallies.NOW, java.time.Duration.ofSeconds(1),
                io.tcpfleet.model.PollStatus.TIMEOUT, "no answer", 0);
        assertFalse(diagnoser.needsHistory(failed), "a failed poll is its own finding, whatever the past");
    }

    static long[] rising(Random random, int n) {
        long[] s = new long[n];
        for (int i = 1; i < n; i++) {
            s[i] = s[i - 1] + random.nextInt(3);
        }
        return s;
    }

    static long[] flat(Random random, int n) {
        long[] s = new long[n];
        for (int i = 0; i < n; i++) {
            s[i] = random.nextInt(5);
        }
        return s;
    }
}
