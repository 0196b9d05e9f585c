package io.tcpfleet.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGHUP ({@code systemctl reload}) runs a reload, one at a time and off the signal's own thread,
 * while the daemon runs; closing puts back the handler that was there (the JVM's: exit). The JDK
 * offers no other way to handle a signal than {@code sun.misc.Signal} (module jdk.unsupported,
 * exported on purpose for this).
 */
final class ReloadSignal implements AutoCloseable {

    private static final Signal HUP = new Signal("HUP");

    private final ExecutorService one;
    private final SignalHandler previous;

    private ReloadSignal(ExecutorService one, SignalHandler previous) {
        this.one = one;
        this.previous = previous;
    }

    /** Handles SIGHUP with {@code reload} until closed. */
    static ReloadSignal install(Runnable reload) {
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tcpfleet-reload");
            t.setDaemon(true);
            return t;
        });
        return new ReloadSignal(one, Signal.handle(HUP, s -> one.execute(reload)));
    }

    @Override
    public void close() {
        Signal.handle(HUP, previous);
        one.shutdownNow();
    }
}
