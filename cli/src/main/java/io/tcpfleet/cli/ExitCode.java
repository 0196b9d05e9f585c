package io.tcpfleet.cli;

/** The process exit codes: a contract with scripts and schedulers. */
public final class ExitCode {
    /** Everything worked. */
    public static final int OK = 0;
    /** Some host (or input file) failed, or the command could not complete; the rest was done. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;

    private ExitCode() {
    }
}
