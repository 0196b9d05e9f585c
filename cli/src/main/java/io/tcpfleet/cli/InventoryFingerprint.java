package io.tcpfleet.cli;

import io.tcpfleet.model.Host;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A short digest of the hosts a collector polls (name and target of each, in name order), which
 * each cluster node publishes in its row: nodes divide the hosts by their own copy of the
 * inventory, so copies that differ must be seen at once.
 */
final class InventoryFingerprint {

    private InventoryFingerprint() {
    }

    static String of(List<Host> hosts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            hosts.stream().map(h -> h.name() + ' ' + (h.user() == null ? "" : h.user() + '@') + h.address() + ':' + h.port() + '\n')
                    .sorted().forEach(line -> sha.update(line.getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
