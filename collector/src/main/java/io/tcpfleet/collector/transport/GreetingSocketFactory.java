package io.tcpfleet.collector.transport;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets that pass the first bytes the server sends to a listener, so that a port that
 * answers with something other than an SSH greeting ({@code HTTP/1.1 400 Bad Request}) can be named
 * by what it said. Only sshj's no-argument {@link #createSocket()} is used.
 */
final class GreetingSocketFactory extends SocketFactory {

    private static final int KEPT = 64;

    private final Consumer<String> listener;

    GreetingSocketFactory(Consumer<String> listener) {
        this.listener = listener;
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            private InputStream in;

            @Override
            public synchronized InputStream getInputStream() throws IOException {
                if (in == null) {
                    in = new Recording(super.getInputStream());
                }
                return in;
            }
        };
    }

    @Override
    public Socket createSocket(String host, int port) {
        throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
        throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress host, int port) {
        throw new UnsupportedOperationException("unconnected sockets only");
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) {
        throw new UnsupportedOperationException("unconnected sockets only");
    }

    /** Copies the first {@value #KEPT} bytes read; sshj reads the greeting a byte at a time. */
    private final class Recording extends FilterInputStream {
        private final byte[] first = new byte[KEPT];
        private int n;

        Recording(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && n < KEPT) {
                first[n++] = (byte) b;
                listener.accept(new String(first, 0, n, StandardCharsets.ISO_8859_1));
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r = super.read(b, off, len);
            if (r > 0 && n < KEPT) {
                int copy = Math.min(r, KEPT - n);
                System.arraycopy(b, off, first, n, copy);
                n += copy;
                listener.accept(new String(first, 0, n, StandardCharsets.ISO_8859_1));
            }
            return r;
        }
    }
}
