package io.tcpfleet.collector.transport;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the running ssh-agent ({@code SSH_AUTH_SOCK}), speaking the two requests tcpfleet
 * needs: list identities and sign. Private keys never leave the agent. Java 16+ reaches the Unix
 * socket without native code. One short connection per request: the agent is local and cheap.
 */
final class SshAgent {

    private static final byte FAILURE = 5;
    private static final byte REQUEST_IDENTITIES = 11;
    private static final byte IDENTITIES_ANSWER = 12;
    private static final byte SIGN_REQUEST = 13;
    private static final byte SIGN_RESPONSE = 14;
    /** Sign RSA keys with SHA-256 (rsa-sha2-256); ssh-rsa (SHA-1) is disabled on modern servers. */
    static final int RSA_SHA2_256 = 2;
    private static final int MAX_MESSAGE = 256 * 1024;

    /** A key the agent holds: its public blob, as the SSH wire format writes it, and its comment. */
    record Identity(byte[] blob, String comment) {
        /** The key type named in the blob, e.g. {@code ssh-ed25519}. */
        String type() {
            ByteBuffer b = ByteBuffer.wrap(blob);
            byte[] t = new byte[b.getInt()];
            b.get(t);
            return new String(t, StandardCharsets.US_ASCII);
        }
    }

    private final Path socket;

    SshAgent(Path socket) {
        this.socket = socket;
    }

    List<Identity> identities() throws IOException {
        ByteBuffer answer = call(new byte[] {REQUEST_IDENTITIES});
        if (answer.get() != IDENTITIES_ANSWER) {
            throw new IOException("ssh-agent refused to list its keys");
        }
        int n = answer.getInt();
        List<Identity> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Identity(string(answer), new String(string(answer), StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** The SSH signature blob ({@code string algorithm, string signature}) of {@code data}. */
    byte[] sign(Identity key, byte[] data, int flags) throws IOException {
        ByteBuffer req = ByteBuffer.allocate(1 + 4 + key.blob().length + 4 + data.length + 4);
        req.put(SIGN_REQUEST).putInt(key.blob().length).put(key.blob()).putInt(data.length).put(data).putInt(flags);
        ByteBuffer answer = call(req.array());
        byte type = answer.get();
        if (type != SIGN_RESPONSE) {
            throw new IOException(type == FAILURE ? "ssh-agent refused to sign with " + key.comment()
                    : "unexpected ssh-agent answer " + type);
        }
        return string(answer);
    }

    private ByteBuffer call(byte[] message) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).flip();
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteBuffer len = read(ch, 4);
            int n = len.getInt();
            if (n < 1 || n > MAX_MESSAGE) {
                throw new IOException("bad ssh-agent message length " + n);
            }
            return read(ch, n);
        }
    }

    private static ByteBuffer read(SocketChannel ch, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b) < 0) {
                throw new IOException("ssh-agent closed the connection");
            }
        }
        return b.flip();
    }

    private static byte[] string(ByteBuffer b) throws IOException {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IOException("malformed ssh-agent message");
        }
        byte[] s = new byte[n];
        b.get(s);
        return s;
    }
}
