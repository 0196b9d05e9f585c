package io.tcpfleet.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import sun.misc.Signal;

/**
 * SIGHUP ({@code systemctl reload}) runs a reload, one at a time and off the signal's own thread.
 * Without it the JVM's default for SIGHUP is to exit. The JDK offers no other way to handle a
 * signal than {@code sun.misc.Signal} (module jdk.unsupported, exported on purpose for this).
 */
final class ReloadSignal {

    private ReloadSignal() {
    }

    /** Installs the handler for the life of the JVM (collect is its only use); false where there is no SIGHUP. */
    static boolean install(Runnable reload) {
        ExecutorService one = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "tcpfleet-reload");
            t.setDaemon(true);
            return t;
        });
        try {
            Signal.handle(new Signal("HUP"), s -> one.execute(reload));
            return true;
        } catch (IllegalArgumentException e) {
            one.shutdown();
            return false;
        }
    }
}
