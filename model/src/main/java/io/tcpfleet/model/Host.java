package io.tcpfleet.model;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One machine to poll, as resolved from an inventory or the command line.
 *
 * @param name      the inventory name: what users type and what reports show; unique in a fleet
 * @param address   where to connect (DNS name or IP literal); {@link #LOCAL_ADDRESS} for this machine
 * @param port      SSH port
 * @param user      SSH user, or {@code null} for the current user
 * @param byteOrder how the host prints address words in /proc/net/tcp: little-endian on x86 and
 *                  arm64, big-endian on s390x
 * @param identityFile private key file to try first, or {@code null}
 * @param proxyJump   jump host(s) as OpenSSH's ProxyJump ({@code [user@]host[:port]}, comma
 *                    separated for a chain), or {@code null} for a direct connection
 */
public record Host(String name, String address, int port, String user, ByteOrder byteOrder,
                   String identityFile, String proxyJump) {

    /** Address of the pseudo-host that stands for the machine tcpfleet runs on (no SSH). */
    public static final String LOCAL_ADDRESS = "local";

    /**
     * The longest name, address and user, in characters: the widths of the storage columns, which
     * use these constants (changing one needs a schema migration). Whatever makes a Host from user
     * input checks them first (the inventory reports longer values at their file and line), since a
     * value wider than its column would fail a whole sweep's transaction.
     */
    public static final int MAX_NAME_LENGTH = 255;
    public static final int MAX_ADDRESS_LENGTH = 255;
    public static final int MAX_USER_LENGTH = 255;

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(byteOrder, "byteOrder");
        if (name.isBlank()) {
            throw new IllegalArgumentException("host name is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
    }

    public Host(String name, String address, int port, String user, ByteOrder byteOrder) {
        this(name, address, port, user, byteOrder, null, null);
    }

    /** An SSH host with default settings: port 22, current user, little-endian. */
    public static Host ssh(String name, String address, int port, String user) {
        return new Host(name, address, port, user, ByteOrder.LITTLE_ENDIAN, null, null);
    }

    public Host withProxyJump(String jump) {
        return new Host(name, address, port, user, byteOrder, identityFile, jump);
    }

    /**
     * {@code user@address:port} ({@code [address]:port} for IPv6, no {@code user@} for the current
     * user): where tcpfleet connects, and the identity of a host that has no inventory name.
     */
    public String target() {
        return new Endpoint(user, address, port).toString();
    }

    /** The machine tcpfleet runs on, read through /proc directly. */
    public static Host local(String name) {
        return new Host(name, LOCAL_ADDRESS, 22, null, ByteOrder.nativeOrder());
    }

    public boolean isLocal() {
        return LOCAL_ADDRESS.equals(address);
    }
}
