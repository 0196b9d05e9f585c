package io.tcpfleet.collector.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.UnaryOperator;
import javax.net.SocketFactory;

/**
 * Plain TCP sockets whose input stream is passed once through a filter, so a client can see and
 * steer what sshj reads from the network. Only sshj's no-argument {@link #createSocket()} is used.
 */
final class FilteredSocketFactory extends SocketFactory {

    private final UnaryOperator<InputStream> filter;

    FilteredSocketFactory(UnaryOperator<InputStream> filter) {
        this.filter = filter;
    }

    @Override
    public Socket createSocket() {
        return new Socket() {
            private InputStream in;

            @Override
            public synchronized InputStream getInputStream() throws IOException {
                if (in == null) {
                    in = filter.apply(super.getInputStream());
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
}
