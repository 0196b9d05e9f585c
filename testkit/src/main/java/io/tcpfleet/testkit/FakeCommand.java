package io.tcpfleet.testkit;

import io.tcpfleet.testkit.FakeSshHost.Behavior;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One command channel of a {@link FakeSshHost}, played the way a Linux host's shell would play
 * it: exactly {@link FakeSshHost#COMMAND} (one table, then exit), exactly
 * {@link FakeSshHost#SHELL_COMMAND} (a loop answering one table per request line, framed as the
 * real loop frames it), anything else exit 127. A {@link Behavior#FORCED_COMMAND} host answers
 * every command with the table, as a key restricted with {@code command="cat ..."} does.
 */
final class FakeCommand implements Command {

    private final FakeSshHost host;
    private final String command;
    private final AtomicBoolean exited = new AtomicBoolean();
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;

    FakeCommand(FakeSshHost host, String command) {
        this.host = host;
        this.command = command;
    }

    @Override public void setInputStream(InputStream i) { this.in = i; }
    @Override public void setOutputStream(OutputStream o) { this.out = o; }
    @Override public void setErrorStream(OutputStream e) { this.err = e; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

    @Override
    public void destroy(ChannelSession channel) {
        host.shellEnded(this);
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        host.run(this::play);
    }

    /** Ends the command now with this status, as a kill or a shell's TMOUT would. */
    void end(int status) {
        if (exited.compareAndSet(false, true)) {
            exit.onExit(status);
        }
    }

    private void play() {
        host.commandStarted();
        try {
            if (host.behavior() == Behavior.FORCED_COMMAND) {
                host.answered();
                out.write(host.dump());
                out.flush();
                end(0);
            } else if (command.equals(FakeSshHost.COMMAND)) {
                host.answered();
                int status = table(host.behavior(), err);
                if (status >= 0) {
                    end(status);
                }
            } else if (command.equals(FakeSshHost.SHELL_COMMAND)) {
                loop();
            } else {
                err.write(("unexpected command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                err.flush();
                end(127);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | UncheckedIOException e) {
            // the client went away or the server stops
        }
    }

    /** The shell loop: per request line, "N begin", the table, "\nN end STATUS", cat's stderr, "N done". */
    private void loop() throws IOException, InterruptedException {
        host.shellStarted(this);
        BufferedReader requests = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        String n;
        while (!exited.get() && (n = requests.readLine()) != null) {
            host.answered();
            out.write(ascii(n + " begin\n"));
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            int status = table(host.behavior(), stderr);
            if (status < 0) {
                return;
            }
            String e = stderr.toString(StandardCharsets.UTF_8).stripTrailing(); // $(...) strips newlines
            out.write(ascii("\n" + n + " end " + status + "\n" + e + "\n" + n + " done\n"));
            out.flush();
        }
        end(0);
    }

    /**
     * Writes the table the behavior says, cat's errors to {@code stderr}.
     *
     * @return cat's exit status, or -1 when the command never ends by itself (hung, dropped)
     */
    private int table(Behavior b, OutputStream stderr) throws IOException, InterruptedException {
        byte[] dump = host.dump();
        switch (b) {
            case NORMAL, REJECT_AUTH, FORCED_COMMAND -> {
                out.write(dump);
                out.flush();
                return 0;
            }
            case HANG_MID_OUTPUT -> {
                out.write(dump, 0, Math.min(200, dump.length));
                out.flush();
                Thread.sleep(600_000);
                return -1;
            }
            case SLOW_DRIP -> {
                for (byte c : dump) {
                    out.write(c);
                    out.flush();
                    Thread.sleep(1000);
                }
                return 0;
            }
            case KILLED_MID_OUTPUT -> {
                out.write(dump, 0, Math.min(300, dump.length));
                out.flush();
                host.behave(Behavior.NORMAL);
                end(137); // the channel closes, the connection stays
                return -1;
            }
            case DISCONNECT_MID_OUTPUT, RESTART_MID_OUTPUT, VANISH_MID_OUTPUT -> {
                out.write(dump, 0, Math.min(300, dump.length));
                out.flush();
                Thread.sleep(200);
                if (b == Behavior.RESTART_MID_OUTPUT) {
                    host.behave(Behavior.NORMAL);
                }
                if (b == Behavior.VANISH_MID_OUTPUT) {
                    host.vanish();
                } else {
                    host.dropConnections();
                }
                return -1;
            }
            case GARBAGE -> {
                byte[] g = new byte[20_000];
                new Random(1).nextBytes(g);
                out.write(g);
                out.flush();
                return 0;
            }
            case HUGE -> {
                byte[] row = FakeSshHost.DUMP.substring(150, 300).getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < 2_000_000; i++) { // 300 MB at most; the client stops far earlier
                    out.write(row);
                }
                out.flush();
                return 0;
            }
            case NOT_LINUX -> {
                stderr.write(ascii("cat: /proc/net/tcp: No such file or directory\ncat: /proc/net/tcp6: No such file or directory\n"));
                stderr.flush();
                return 1;
            }
            case NO_IPV6 -> {
                out.write(ascii(FakeSshHost.DUMP));
                out.flush();
                stderr.write(ascii("cat: /proc/net/tcp6: No such file or directory\n"));
                stderr.flush();
                return 1;
            }
            default -> throw new IllegalStateException(b.name());
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
