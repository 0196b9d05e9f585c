package io.tcpfleet.storage;

/**
 * What became of the sweeps handed to a {@link SweepBuffer}: the account a daemon gives when it
 * stops. Every sweep taken is stored, dropped (the buffer was full), rejected (the store refused
 * its data), or still held.
 *
 * @param taken    sweeps handed over
 * @param stored   sweeps the store committed
 * @param dropped  sweeps dropped, oldest first, to keep the buffer within its limits
 * @param rejected sweeps the store refused for their data (retrying cannot help)
 * @param held     sweeps still waiting in memory
 */
public record SweepLedger(long taken, long stored, long dropped, long rejected, int held) {

    /** Sweeps not in the store. */
    public long notStored() {
        return dropped + rejected + held;
    }

    /** "12 of 14 sweeps stored; not stored: 1 dropped (buffer full), 1 held in memory". */
    public String text() {
        StringBuilder b = new StringBuilder();
        b.append(notStored() == 0 ? "all " + stored + " sweeps stored" : stored + " of " + taken + " sweeps stored");
        if (notStored() > 0) {
            StringBuilder lost = new StringBuilder();
            if (dropped > 0) {
                lost.append(", ").append(dropped).append(" dropped when the buffer was full");
            }
            if (rejected > 0) {
                lost.append(", ").append(rejected).append(" rejected by the store");
            }
            if (held > 0) {
                lost.append(", ").append(held).append(" held in memory, never stored");
            }
            b.append("; NOT stored: ").append(lost.substring(2));
        }
        return b.toString();
    }
}
