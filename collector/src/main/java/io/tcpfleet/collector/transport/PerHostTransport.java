package io.tcpfleet.collector.transport;

import io.tcpfleet.model.Host;
import java.io.IOException;
import java.util.Objects;

/**
 * Picks the transport for each host: this machine ({@link Host#isLocal()}, e.g. an inventory host
 * with {@code ansible_connection=local}) through {@code local}, every other host through
 * {@code remote} (SSH). So one sweep can hold both.
 */
public final class PerHostTransport implements Transport {

    private final Transport local;
    private final Transport remote;

    public PerHostTransport(Transport local, Transport remote) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    @Override
    public String read(Host host, OutputReader reader) throws PollFailure, IOException {
        return (host.isLocal() ? local : remote).read(host, reader);
    }

    @Override
    public void forget(Host host) {
        (host.isLocal() ? local : remote).forget(host);
    }

    @Override
    public void close() {
        try {
            remote.close();
        } finally {
            local.close();
        }
    }
}
