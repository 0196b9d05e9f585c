package io.tcpfleet.collector.transport;

import java.io.IOException;
import net.schmizz.sshj.SSHClient;

/**
 * The remote command of one kept connection: every poll goes through one {@link ShellSession},
 * started by the first poll and started again, transparently, when it has ended (a shell's TMOUT,
 * an idle timeout, a killed process). If the loop never starts because the login's key or sshd
 * forces a command, this poll and every later one of that login run one exec each, as they did
 * before: no failure, no log line.
 */
final class RemoteShell implements RemoteCommand {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RemoteShell.class);

    private final RemoteShells shells;
    private final String login;
    private ShellSession session;

    RemoteShell(RemoteShells shells, String login) {
        this.shells = shells;
        this.login = login;
    }

    @Override
    public String run(SshConnection connection, PollAttempt attempt, Transport.OutputReader reader)
            throws IOException, PollFailure {
        SSHClient target = connection.target();
        boolean restarted = false;
        if (session != null && !(session.on(target) && session.open())) {
            restarted = session.on(target); // it exited since the last poll
            if (restarted) {
                shells.restarted();
            }
            session.close();
            session = null;
        }
        while (!shells.refused(login)) {
            if (session == null) {
                attempt.stage(Stage.EXEC);
                session = ShellSession.start(target);
            }
            ShellSession.Asked asked = session.ask(shells.nonce(), attempt, reader, shells.maxOutputBytes());
            switch (asked.reply()) {
                case ANSWERED:
                    return asked.note();
                case NOT_STARTED:
                    LOG.debug("{}: the remote shell loop did not start (a forced command?): one exec per poll from now on",
                            login);
                    stop();
                    shells.refuse(login);
                    break;
                case ENDED:
                    stop();
                    if (!connection.usable()) {
                        throw new IOException("the connection closed under the remote shell");
                    }
                    if (restarted) {
                        throw new IOException("the remote shell ended twice in one poll");
                    }
                    LOG.debug("{}: the remote shell ended; starting it again", login);
                    shells.restarted();
                    restarted = true;
                    break;
                default:
                    throw new IllegalStateException(asked.reply().name());
            }
        }
        return shells.exec().run(connection, attempt, reader);
    }

    private void stop() {
        session.close();
        session = null;
    }
}
