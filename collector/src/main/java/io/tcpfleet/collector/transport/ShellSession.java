package io.tcpfleet.collector.transport;

import io.tcpfleet.collector.parse.ProcNetTcpParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * One running {@link ShellLoop} on a session channel of a logged-in connection: each
 * {@link #ask} sends a request and streams the answer into the reader.
 */
final class ShellSession {

    /** How a request went. */
    enum Reply {
        /** The loop answered in full; the note is in {@link Asked#note()}. */
        ANSWERED,
        /** The session ended, or printed too much, without ever starting an answer: the loop never ran (a forced command). */
        NOT_STARTED,
        /** A session whose loop ran ended without (a full) answer: the loop exited or was killed. */
        ENDED
    }

    /** A reply and, when answered, the poll's note (or null). */
    record Asked(Reply reply, String note) {
    }

    /** A login shell's chatter skipped before an answer, at most; a forced command's output is cut here. */
    static final int PREAMBLE_LIMIT = 64 * 1024;

    private final SSHClient client;
    private final Session session;
    private final Session.Command command;
    /** The loop has shown that it runs: a begin marker came. */
    private boolean running;

    private ShellSession(SSHClient client, Session session, Session.Command command) {
        this.client = client;
        this.session = session;
        this.command = command;
    }

    /**
     * The loop channel's receive window, at most (sshj's default is ~2 MiB): what may wait unread
     * in the client while the reader is busy ({@link LoopChannel} frees it as it is read). At
     * 256 KiB a host 50 ms away still streams ~5 MB/s.
     */
    static final long WINDOW = 256 * 1024;

    /** Opens a session channel on the client and starts the loop in it. */
    static ShellSession start(SSHClient client) throws IOException {
        if (!client.isConnected()) {
            throw new IllegalStateException("Not connected"); // as sshj's startSession says
        }
        if (!client.isAuthenticated()) {
            throw new IllegalStateException("Not authenticated");
        }
        // A channel takes its window from the connection when it is made; only this poll uses the connection now.
        Connection connection = client.getConnection();
        long window = connection.getWindowSize();
        LoopChannel s;
        connection.setWindowSize(Math.min(window, WINDOW));
        try {
            s = new LoopChannel(connection, client.getRemoteCharset());
        } finally {
            connection.setWindowSize(window);
        }
        s.open();
        try {
            return new ShellSession(client, s, s.exec(ShellLoop.COMMAND));
        } catch (IOException | RuntimeException e) {
            closeQuietly(s);
            throw e;
        }
    }

    /** Whether the session runs on this client. */
    boolean on(SSHClient c) {
        return client == c;
    }

    /** Whether the channel is still open: a loop that exited between polls has closed it. */
    boolean open() {
        return command.isOpen();
    }

    /**
     * Asks the loop for the socket table and streams it into the reader.
     *
     * @throws PollFailure  cat failed (not Linux?) or the answer was too large
     * @throws IOException  the connection failed, or the reader's own error, passed through
     */
    Asked ask(String nonce, PollAttempt attempt, Transport.OutputReader reader, long maxOutputBytes)
            throws IOException, PollFailure {
        attempt.stage(Stage.EXEC);
        if (!send(ShellLoop.request(nonce))) {
            return ended();
        }
        FramedAnswer answer = new FramedAnswer(command.getInputStream(), nonce);
        if (!answer.begin(PREAMBLE_LIMIT)) {
            return ended();
        }
        running = true;
        attempt.stage(Stage.READ);
        CappedInputStream out = new CappedInputStream(answer, maxOutputBytes);
        ProcNetTcpParseException unparsable = null;
        try {
            reader.read(out);
        } catch (ProcNetTcpParseException e) {
            unparsable = e;
        } finally {
            attempt.bytes(out.count());
        }
        drain(out); // the loop's next answer must start clean
        attempt.bytes(out.count());
        skipNoise(command.getErrorStream());
        if (!answer.complete()) {
            return ended(); // what the reader saw was cut short: it is read again from a new loop
        }
        return new Asked(Reply.ANSWERED,
                new CommandOutcome(answer.status(), null, answer.stderr(), out.count()).note(unparsable));
    }

    private Asked ended() {
        return new Asked(running ? Reply.ENDED : Reply.NOT_STARTED, null);
    }

    /** Writes the request; false if the channel closed meanwhile (the connection itself is fine). */
    private boolean send(byte[] request) throws IOException {
        try {
            OutputStream in = command.getOutputStream();
            in.write(request);
            in.flush();
            return true;
        } catch (IOException e) {
            if (!client.isConnected()) {
                throw e;
            }
            return false;
        }
    }

    /**
     * The loop writes nothing to the session's stderr; a login shell's rc files might. Whatever
     * arrived is dropped now, so that it cannot pile up in the client over a connection's life.
     */
    private static void skipNoise(InputStream err) throws IOException {
        byte[] sink = new byte[1024];
        int n;
        while ((n = err.available()) > 0) {
            err.read(sink, 0, Math.min(n, sink.length));
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // the rest of an unparsable answer still has to be read up to its end marker
        }
    }

    /** Ends the loop (its stdin closes, so does the shell). */
    void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(Session s) {
        try {
            s.close();
        } catch (IOException | RuntimeException e) {
            // best effort: the connection may be gone already
        }
    }
}
