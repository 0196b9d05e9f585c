package io.tcpfleet.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * The user's home directory as OpenSSH and every shell tool see it: {@code $HOME}. Java's
 * {@code user.home} comes from the passwd entry and ignores {@code $HOME}, so it is only the
 * fallback when {@code HOME} is unset or empty.
 */
public final class UserHome {

    private UserHome() {
    }

    public static Path get() {
        return of(System.getenv());
    }

    public static Path of(Map<String, String> env) {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }
}
