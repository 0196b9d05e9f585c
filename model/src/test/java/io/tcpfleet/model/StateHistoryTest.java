package io.tcpfleet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StateHistoryTest {

    static final Instant T0 = Instant.parse("2026-11-27T20:00:00.250Z");
    static final StateCounts A = StateCounts.of(Map.of(TcpState.ESTABLISHED, 5L, TcpState.CLOSE_WAIT, 2L));
    static final StateCounts B = StateCounts.of(Map.of(TcpState.ESTABLISHED, 7L, TcpState.TIME_WAIT, 40L, TcpState.UNKNOWN, 1L));

    /** Two samples as the store reads them: flat, COUNT ints per sample, with room to spare. */
    static StateHistory flat() {
        long[] times = {T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli(), -1, -1};
        int[] counts = new int[4 * TcpState.COUNT];
        counts[TcpState.ESTABLISHED.ordinal()] = 5;
        counts[TcpState.CLOSE_WAIT.ordinal()] = 2;
        counts[TcpState.COUNT + TcpState.ESTABLISHED.ordinal()] = 7;
        counts[TcpState.COUNT + TcpState.TIME_WAIT.ordinal()] = 40;
        counts[TcpState.COUNT + TcpState.UNKNOWN.ordinal()] = 1;
        return StateHistory.of(times, counts, 2);
    }

    @Test
    void flatArraysReadLikeTheSamplesTheyHold() {
        StateHistory h = flat();
        assertEquals(2, h.size());
        assertEquals(List.of(T0, T0.plusSeconds(60)), h.times());
        assertEquals(List.of(A, B), h.counts());
        assertArrayEquals(new long[] {2, 0}, h.series(TcpState.CLOSE_WAIT));
        assertArrayEquals(new long[] {7, 48}, h.totals());
        assertArrayEquals(new long[] {7, 48}, h.series(TcpState.TOTAL));
        assertEquals(new StateHistory(List.of(T0, T0.plusSeconds(60)), List.of(A, B)), h, "the spare room is not part of it");
    }

    @Test
    void viewsAreBoundedByTheSamples() {
        assertThrows(IndexOutOfBoundsException.class, () -> flat().times().get(2));
        assertThrows(IndexOutOfBoundsException.class, () -> flat().counts().get(-1));
        assertEquals(0, StateHistory.empty().totals().length);
    }

    @Test
    void refusesWhatCannotBeASample() {
        assertThrows(IllegalArgumentException.class, () -> StateHistory.of(new long[1], new int[TcpState.COUNT - 1], 1));
        assertThrows(IllegalArgumentException.class, () -> StateHistory.of(new long[0], new int[TcpState.COUNT], 1));
        int[] negative = new int[TcpState.COUNT];
        negative[3] = -1;
        assertThrows(IllegalArgumentException.class, () -> StateHistory.of(new long[1], negative, 1));
        assertThrows(IllegalArgumentException.class, () -> new StateHistory(List.of(T0), List.of()));
    }
}
