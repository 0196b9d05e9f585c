package io.tcpfleet.collector.transport;

import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/** A passphrase or password handed to sshj: asked for once, never retried, never printed. */
final class Secret implements PasswordFinder {

    private final char[] value;

    Secret(char[] value) {
        this.value = value.clone();
    }

    @Override
    public char[] reqPassword(Resource<?> resource) {
        return value.clone();
    }

    @Override
    public boolean shouldRetry(Resource<?> resource) {
        return false;
    }

    @Override
    public String toString() {
        return "***";
    }
}
