package io.tcpfleet.storage;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Run in a child JVM by tests. {@code write URL}: stores sweeps until killed, printing
 * "committed N" after each commit. {@code hold URL}: opens the store, prints "open", and keeps it
 * open until stdin closes. {@code serve DIR}: opens the default store in DIR as the daemon does,
 * stores one sweep, serves it to local readers, prints "serving" and waits for stdin to close.
 * {@code datadir -}: prints the data directory this environment gives. {@code oneshot URL}: stores
 * one sweep (web1, seed 7, at {@code T0}) through a one-shot store as {@code poll} does, closes it and
 * prints "closed"; {@code oneshot-kill URL} the same, but prints "stored" once the sweep is written
 * and waits (to be killed) without closing.
 */
public final class StoreChild {

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args[0].equals("serve")) {
            serve(java.nio.file.Path.of(args[1]));
            return;
        }
        if (args[0].equals("datadir")) {
            System.out.println(DataDirectory.fromEnvironment().path());
            return;
        }
        if (args[0].startsWith("oneshot")) {
            oneShot(args[1], args[0].equals("oneshot-kill"));
            return;
        }
        SampleStore store = SampleStore.open(args[1]);
        if (args[0].equals("hold")) {
            System.out.println("open");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
            store.close();
            return;
        }
        for (int i = 1; i <= 10_000; i++) {
            Instant at = Samples.T0.plusSeconds(i);
            store.writeSweep(at, at, List.of(Samples.ok("web1", at, i), Samples.ok("web2", at, i)));
            System.out.println("committed " + i);
            System.out.flush();
            Thread.sleep(5);
        }
    }

    private static void oneShot(String url, boolean waitToBeKilled) throws IOException {
        SampleStore store = SampleStore.open(url, null, OpenMode.CREATE, StoreUse.ONE_SHOT);
        store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 7)));
        if (waitToBeKilled) {
            System.out.println("stored");
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the kill
            }
        }
        store.close();
        System.out.println("closed");
        System.out.flush();
    }

    private static void serve(java.nio.file.Path dir) throws IOException {
        StoreServer.bindToLoopback();
        SampleStore store = SampleStore.openDefault(dir);
        store.writeSweep(Samples.T0, Samples.T0, List.of(Samples.ok("web1", Samples.T0, 7)));
        StoreServer server = StoreServer.start(dir);
        System.out.println("serving");
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the parent closes our stdin
        }
        server.close();
        store.close();
    }
}
