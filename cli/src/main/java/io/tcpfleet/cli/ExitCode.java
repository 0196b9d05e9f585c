package io.tcpfleet.cli;

/** The process exit codes, all of them: a contract with scripts, schedulers and Zabbix. */
public final class ExitCode {
    /** Everything worked (diagnose: nothing found). */
    public static final int OK = 0;
    /** Some host (or input file) failed, or the command could not complete; the rest was done. */
    public static final int FAILED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;
    /** {@code diagnose} found something (the findings are printed). */
    public static final int FOUND = 3;

    private ExitCode() {
    }
}
