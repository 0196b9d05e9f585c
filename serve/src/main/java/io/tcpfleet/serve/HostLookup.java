package io.tcpfleet.serve;

import io.tcpfleet.model.Host;
import io.tcpfleet.model.PollResult;
import java.util.List;

/**
 * What a name or address given by a client (Zabbix's {@code {HOST.CONN}}, the API, {@code get})
 * names among the daemon's hosts. An address shared by several hosts names none of them: answering
 * with one would serve another host's data.
 */
public sealed interface HostLookup {

    /** One host of the inventory; {@code latest} is null until its first poll ends. */
    record Found(Host host, PollResult latest) implements HostLookup {
    }

    /** No host of the inventory has this name or address. */
    record Unknown(String query) implements HostLookup {
    }

    /** No host is named so, and several share this address. */
    record Ambiguous(String address, List<String> names) implements HostLookup {

        public Ambiguous {
            names = List.copyOf(names);
        }

        /** The one-line error every client shows. */
        public String message() {
            return "ambiguous address " + address + ": hosts " + String.join(", ", names)
                    + " share it; ask by host name instead";
        }
    }
}
