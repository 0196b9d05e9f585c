package io.tcpfleet.collector.tally;

import java.util.Arrays;

/**
 * Entries {@code 0..n-1} kept in order of a count that only ever grows by one, with the smallest
 * at hand: the "Stream-Summary" of Space-Saving (Metwally et al. 2005), in int arrays.
 *
 * <p>Entries of equal count share a bucket; the buckets form a list in ascending count order.
 * An increment moves its entry into the next bucket up (or makes that bucket), and the minimum is
 * the first entry of the lowest bucket: both O(1), so a row costs the same whatever the counts.
 */
final class CountOrder {

    private static final int NONE = -1;

    // Per entry: its bucket and its neighbours inside that bucket.
    private final int[] bucketOf;
    private final int[] prev;
    private final int[] next;
    // Per bucket: its count, first entry, and the buckets below and above it.
    private final int[] value;
    private final int[] first;
    private final int[] lower;
    private final int[] higher;
    private int lowest = NONE;
    private int free = NONE; // unused buckets, chained through higher[]

    /** Orders entries {@code 0..counts.length-1} by {@code counts}, which must not be negative. */
    CountOrder(int[] counts) {
        int n = counts.length;
        bucketOf = new int[n];
        prev = new int[n];
        next = new int[n];
        value = new int[n];
        first = new int[n];
        lower = new int[n];
        higher = new int[n];
        long[] byCount = new long[n];
        for (int e = 0; e < n; e++) {
            byCount[e] = (long) counts[e] << 32 | e;
        }
        Arrays.sort(byCount);
        int top = NONE;
        int used = 0;
        for (long key : byCount) {
            int e = (int) key;
            if (top == NONE || value[top] != counts[e]) {
                int b = used++;
                value[b] = counts[e];
                first[b] = NONE;
                lower[b] = top;
                higher[b] = NONE;
                if (top == NONE) {
                    lowest = b;
                } else {
                    higher[top] = b;
                }
                top = b;
            }
            push(e, top);
        }
        for (int b = n - 1; b >= used; b--) {
            higher[b] = free;
            free = b;
        }
    }

    /** An entry with the smallest count. */
    int min() {
        return first[lowest];
    }

    int count(int entry) {
        return value[bucketOf[entry]];
    }

    void increment(int e) {
        int b = bucketOf[e];
        int v = value[b] + 1;
        int up = higher[b];
        if (first[b] == e && next[e] == NONE) { // alone: the bucket moves up with it
            if (up == NONE || value[up] != v) {
                value[b] = v;
                return;
            }
            dropBucket(b);
            push(e, up);
            return;
        }
        unlink(e, b);
        if (up == NONE || value[up] != v) {
            up = bucketAbove(b, v);
        }
        push(e, up);
    }

    private void push(int e, int b) {
        int head = first[b];
        prev[e] = NONE;
        next[e] = head;
        if (head != NONE) {
            prev[head] = e;
        }
        first[b] = e;
        bucketOf[e] = b;
    }

    private void unlink(int e, int b) {
        int p = prev[e];
        int n = next[e];
        if (p == NONE) {
            first[b] = n;
        } else {
            next[p] = n;
        }
        if (n != NONE) {
            prev[n] = p;
        }
    }

    /** A new bucket of count {@code v} just above {@code b}; one is free, as b keeps an entry. */
    private int bucketAbove(int b, int v) {
        int nb = free;
        free = higher[nb];
        int up = higher[b];
        value[nb] = v;
        first[nb] = NONE;
        lower[nb] = b;
        higher[nb] = up;
        if (up != NONE) {
            lower[up] = nb;
        }
        higher[b] = nb;
        return nb;
    }

    private void dropBucket(int b) {
        int lo = lower[b];
        int up = higher[b];
        if (lo == NONE) {
            lowest = up;
        } else {
            higher[lo] = up;
        }
        if (up != NONE) {
            lower[up] = lo;
        }
        higher[b] = free;
        free = b;
    }
}
