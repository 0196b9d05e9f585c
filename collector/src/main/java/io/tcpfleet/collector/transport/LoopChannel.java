package io.tcpfleet.collector.transport;

import java.io.InputStream;
import java.nio.charset.Charset;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.DisconnectReason;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHException;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.ConnectionException;
import net.schmizz.sshj.connection.channel.ChannelInputStream;
import net.schmizz.sshj.connection.channel.direct.SessionChannel;
import net.schmizz.sshj.transport.TransportException;

/**
 * The session channel a {@link ShellLoop} runs in, which lives as long as its kept connection, so
 * nothing it buffers may outlast a poll.
 *
 * <p>sshj's {@link ChannelInputStream} keeps its buffer's largest array for the channel's life, and
 * that array grows to the largest run of data that arrived before the reader caught up: it only
 * starts over when the reader has emptied it. It also gives the whole window back as soon as
 * anything is read, however much is still unread, so a reader slower than the network lets that
 * run grow to the whole answer (a 77 KB table held 128 KiB for good, a 3 MB one 4 MiB).
 *
 * <p>Here both streams are {@link LoopInput}s, which drop each packet as it is read, and the window
 * is given back only for what the reader has taken from stdout: at most one window waits unread,
 * and an idle loop holds no data at all. sshj still builds its own two streams (unused); they are
 * sized while this class is not yet built, when {@link #getLocalMaxPacketSize()} says 0, so they
 * take a byte each instead of a packet's 16 KiB.
 */
final class LoopChannel extends SessionChannel {

    private final long window;
    private final LoopInput stdout;
    private final LoopInput stderr;

    /** Call {@link #open()} next; the channel takes the connection's window size as it is now. */
    LoopChannel(Connection connection, Charset remoteCharset) {
        super(connection, remoteCharset);
        window = lwin.getSize();
        stdout = new LoopInput(this::taken);
        stderr = new LoopInput(this::taken);
    }

    /** Until this object is built, 0: the size sshj gives the buffers of its own streams (unused here). */
    @Override
    public int getLocalMaxPacketSize() {
        return stdout == null ? 0 : super.getLocalMaxPacketSize();
    }

    @Override
    public InputStream getInputStream() {
        return stdout;
    }

    @Override
    public InputStream getErrorStream() {
        return stderr;
    }

    /** Channel data (from sshj's {@code handle} and {@code gotExtendedData}) goes to this class's streams. */
    @Override
    protected void receiveInto(ChannelInputStream stream, SSHPacket packet) throws SSHException {
        int len;
        try {
            len = packet.readUInt32AsInt();
        } catch (Buffer.BufferException e) {
            throw new ConnectionException(e);
        }
        if (len < 0 || len > getLocalMaxPacketSize() || len > packet.available()) {
            throw new ConnectionException(DisconnectReason.PROTOCOL_ERROR, "Bad item length: " + len);
        }
        LoopInput to = stream == super.getErrorStream() ? stderr : stdout;
        synchronized (lwin) {
            lwin.consume(len); // refuses data beyond the window
            to.receive(packet.array(), packet.rpos(), len);
        }
    }

    /**
     * After a read: gives back the part of the window the reader has taken. Unread stdout is not
     * given back, so the server never gets ahead of the reader by more than the window. The
     * session's stderr is given back as it arrives (as sshj does: nothing reads it mid-answer).
     */
    private void taken() throws TransportException {
        synchronized (lwin) {
            long credit = window - lwin.getSize() - stdout.available();
            if (credit >= window / 4) {
                trans.write(new SSHPacket(Message.CHANNEL_WINDOW_ADJUST).putUInt32(getRecipient()).putUInt32(credit));
                lwin.expand(credit);
            }
        }
    }

    @Override
    protected void eofInputStreams() {
        stdout.eof();
        stderr.eof();
        super.eofInputStreams();
    }

    @Override
    protected void closeAllStreams() {
        stdout.eof();
        stderr.eof();
        super.closeAllStreams();
    }

    @Override
    public void notifyError(SSHException error) {
        stdout.fail(error);
        stderr.fail(error);
        super.notifyError(error);
    }
}
