package io.tcpfleet.collector.transport;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads this machine's own socket table straight from /proc, the way {@code cat /proc/net/tcp
 * /proc/net/tcp6} would: no SSH, no process. It shows the network namespace tcpfleet runs in.
 */
public final class LocalProcTransport implements Transport {

    private final Path tcp;
    private final Path tcp6;

    public LocalProcTransport() {
        this(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    }

    /** Reads other files, for tests. */
    public LocalProcTransport(Path tcp, Path tcp6) {
        this.tcp = tcp;
        this.tcp6 = tcp6;
    }

    @Override
    public String read(Host host, OutputReader reader) throws PollFailure, IOException {
        InputStream v4;
        try {
            v4 = Files.newInputStream(tcp);
        } catch (NoSuchFileException e) {
            throw new PollFailure(PollStatus.COMMAND_FAILED, "no " + tcp + ": not a Linux /proc?");
        } catch (IOException e) {
            throw new PollFailure(PollStatus.COMMAND_FAILED, "cannot read " + tcp + ": " + e.getMessage(), 0, e);
        }
        String note = null;
        InputStream in = v4;
        try {
            in = new SequenceInputStream(v4, Files.newInputStream(tcp6));
        } catch (NoSuchFileException e) {
            note = "no " + tcp6 + " (kernel without IPv6): IPv4 sockets only";
        }
        try (InputStream all = in) {
            reader.read(all);
        }
        return note;
    }
}
