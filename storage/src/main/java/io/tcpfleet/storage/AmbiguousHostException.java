package io.tcpfleet.storage;

import java.util.List;

/**
 * An address that several stored hosts share (other SSH ports, other users) names none of them:
 * answering for one would show another host's data. The message names them all.
 */
public final class AmbiguousHostException extends StoreException {

    private final List<String> hosts;

    public AmbiguousHostException(String address, List<String> hosts) {
        super("ambiguous address " + address + ": hosts " + String.join(", ", hosts)
                + " share it; ask by host name instead");
        this.hosts = List.copyOf(hosts);
    }

    public List<String> hosts() {
        return hosts;
    }
}
