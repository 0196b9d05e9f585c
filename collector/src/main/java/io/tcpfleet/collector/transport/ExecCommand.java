package io.tcpfleet.collector.transport;

import io.tcpfleet.collector.parse.ProcNetTcpParseException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.connection.channel.direct.Session;

/**
 * Runs the command on a new exec channel of the connection (one session per poll; OpenSSH allows
 * 10 per connection at once) and streams stdout into the reader, then drains stderr before
 * waiting for the exit status: waiting first can deadlock on a full channel window.
 */
final class ExecCommand implements RemoteCommand {

    private static final int STDERR_LIMIT = 16 * 1024;

    private final long maxOutputBytes;
    private final long joinMillis;

    ExecCommand(long maxOutputBytes, long joinMillis) {
        this.maxOutputBytes = maxOutputBytes;
        this.joinMillis = Math.max(1, joinMillis);
    }

    @Override
    public String run(SshConnection connection, PollAttempt attempt, Transport.OutputReader reader)
            throws IOException, PollFailure {
        attempt.stage(Stage.EXEC);
        try (Session session = connection.target().startSession()) {
            Session.Command cmd = session.exec(SshTransport.COMMAND);
            attempt.stage(Stage.READ);
            CappedInputStream out = new CappedInputStream(cmd.getInputStream(), maxOutputBytes);
            ProcNetTcpParseException unparsable = null;
            try {
                reader.read(out);
            } catch (ProcNetTcpParseException e) {
                unparsable = e;
                drain(out);
            } finally {
                attempt.bytes(out.count());
            }
            String stderr = readLimited(cmd.getErrorStream());
            cmd.join(joinMillis, TimeUnit.MILLISECONDS);
            String signal = cmd.getExitSignal() == null ? null : cmd.getExitSignal().name();
            return new CommandOutcome(cmd.getExitStatus(), signal, stderr, out.count()).note(unparsable);
        }
    }

    private static String readLimited(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (b.size() < STDERR_LIMIT) {
                b.write(buf, 0, Math.min(n, STDERR_LIMIT - b.size()));
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[8192];
        while (in.read(buf) >= 0) {
            // the rest of an unparsable output still has to be read for the exit status
        }
    }
}
