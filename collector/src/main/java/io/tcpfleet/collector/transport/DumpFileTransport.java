package io.tcpfleet.collector.transport;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollStatus;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a saved socket table (the output of {@code cat /proc/net/tcp /proc/net/tcp6}) from the
 * file the host's address names, or from standard input for {@code -}: what {@code tcpfleet
 * tally} polls, so that offline dumps go through the same {@code Poller} and failure classes as
 * live hosts.
 */
public final class DumpFileTransport implements Transport {

    /** The address that means standard input. */
    public static final String STDIN = "-";

    private final InputStream stdin;

    public DumpFileTransport(InputStream stdin) {
        this.stdin = stdin;
    }

    @Override
    public String read(Host host, OutputReader reader) throws PollFailure, IOException {
        if (STDIN.equals(host.address())) {
            reader.read(new FilterInputStream(stdin) {
                @Override
                public void close() {
                    // standard input stays open for whoever reads it next
                }
            });
            return null;
        }
        Path file = Path.of(host.address());
        if (Files.isDirectory(file)) {
            throw new PollFailure(PollStatus.COMMAND_FAILED, file + " is a directory, not a dump file");
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new PollFailure(PollStatus.COMMAND_FAILED, "no such file: " + file);
        } catch (AccessDeniedException e) {
            throw new PollFailure(PollStatus.COMMAND_FAILED, "permission denied: " + file);
        } catch (IOException e) {
            throw new PollFailure(PollStatus.COMMAND_FAILED, "cannot read " + file + ": " + e.getMessage(), 0, e);
        }
        try (in) {
            reader.read(in);
        }
        return null;
    }
}
