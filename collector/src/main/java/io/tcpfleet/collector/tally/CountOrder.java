package io.tcpfleet.collector.tally;

import java.util.Arrays;

/**
 * Entries {@code 0..n-1} kept in order of a count that only ever grows by one, with the smallest
 * at hand: the "Stream-Summary" of Space-Saving (Metwally et al. 2005), in int arrays.
 *
 * <p>Entries of equal count share a bucket; the buckets form a list in ascending count order.
 * An increment moves its entry into the next bucket up (or makes that bucket), and the minimum is
 * the first entry of the lowest bucket: both O(1), so a row costs the same whatever the counts.
 * Each entry's and each bucket's fields sit side by side, so a step touches few cache lines.
 */
final class CountOrder {

    private static final int NONE = -1;
    // Per entry e, at e * 3: its bucket, and its neighbours inside that bucket.
    private static final int BUCKET = 0;
    private static final int PREV = 1;
    private static final int NEXT = 2;
    // Per bucket b, at b * 4: its count, first entry, and the buckets below and above it.
    private static final int VALUE = 0;
    private static final int FIRST = 1;
    private static final int LOWER = 2;
    private static final int HIGHER = 3;

    private final int[] entries;
    private final int[] buckets;
    private int lowest = NONE;
    private int free = NONE; // unused buckets, chained through HIGHER

    /** Orders entries {@code 0..counts.length-1} by {@code counts}, which must not be negative. */
    CountOrder(int[] counts) {
        int n = counts.length;
        entries = new int[n * 3];
        buckets = new int[n * 4];
        long[] byCount = new long[n];
        for (int e = 0; e < n; e++) {
            byCount[e] = (long) counts[e] << 32 | e;
        }
        Arrays.sort(byCount);
        int top = NONE;
        int used = 0;
        for (long key : byCount) {
            int e = (int) key;
            if (top == NONE || buckets[top * 4 + VALUE] != counts[e]) {
                int b = used++;
                buckets[b * 4 + VALUE] = counts[e];
                buckets[b * 4 + FIRST] = NONE;
                buckets[b * 4 + LOWER] = top;
                buckets[b * 4 + HIGHER] = NONE;
                if (top == NONE) {
                    lowest = b;
                } else {
                    buckets[top * 4 + HIGHER] = b;
                }
                top = b;
            }
            push(e, top);
        }
        for (int b = n - 1; b >= used; b--) {
            buckets[b * 4 + HIGHER] = free;
            free = b;
        }
    }

    /** An entry with the smallest count. */
    int min() {
        return buckets[lowest * 4 + FIRST];
    }

    int count(int entry) {
        return buckets[entries[entry * 3 + BUCKET] * 4 + VALUE];
    }

    void increment(int e) {
        int[] en = entries;
        int[] bu = buckets;
        int b = en[e * 3 + BUCKET];
        int v = bu[b * 4 + VALUE] + 1;
        int up = bu[b * 4 + HIGHER];
        if (bu[b * 4 + FIRST] == e && en[e * 3 + NEXT] == NONE) { // alone: the bucket moves up with it
            if (up == NONE || bu[up * 4 + VALUE] != v) {
                bu[b * 4 + VALUE] = v;
                return;
            }
            dropBucket(b);
            push(e, up);
            return;
        }
        unlink(e, b);
        if (up == NONE || bu[up * 4 + VALUE] != v) {
            up = bucketAbove(b, v);
        }
        push(e, up);
    }

    private void push(int e, int b) {
        int head = buckets[b * 4 + FIRST];
        entries[e * 3 + BUCKET] = b;
        entries[e * 3 + PREV] = NONE;
        entries[e * 3 + NEXT] = head;
        if (head != NONE) {
            entries[head * 3 + PREV] = e;
        }
        buckets[b * 4 + FIRST] = e;
    }

    private void unlink(int e, int b) {
        int p = entries[e * 3 + PREV];
        int n = entries[e * 3 + NEXT];
        if (p == NONE) {
            buckets[b * 4 + FIRST] = n;
        } else {
            entries[p * 3 + NEXT] = n;
        }
        if (n != NONE) {
            entries[n * 3 + PREV] = p;
        }
    }

    /** A new bucket of count {@code v} just above {@code b}; one is free, as b keeps an entry. */
    private int bucketAbove(int b, int v) {
        int nb = free;
        free = buckets[nb * 4 + HIGHER];
        int up = buckets[b * 4 + HIGHER];
        buckets[nb * 4 + VALUE] = v;
        buckets[nb * 4 + FIRST] = NONE;
        buckets[nb * 4 + LOWER] = b;
        buckets[nb * 4 + HIGHER] = up;
        if (up != NONE) {
            buckets[up * 4 + LOWER] = nb;
        }
        buckets[b * 4 + HIGHER] = nb;
        return nb;
    }

    private void dropBucket(int b) {
        int lo = buckets[b * 4 + LOWER];
        int up = buckets[b * 4 + HIGHER];
        if (lo == NONE) {
            lowest = up;
        } else {
            buckets[lo * 4 + HIGHER] = up;
        }
        if (up != NONE) {
            buckets[up * 4 + LOWER] = lo;
        }
        buckets[b * 4 + HIGHER] = free;
        free = b;
    }
}
