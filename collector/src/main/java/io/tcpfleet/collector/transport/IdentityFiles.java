package io.tcpfleet.collector.transport;

import com.hierynomus.sshj.common.KeyDecryptionFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.KeyPair;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.schmizz.sshj.Config;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyFormat;
import net.schmizz.sshj.userauth.keyprovider.KeyPairWrapper;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.keyprovider.KeyProviderUtil;

/**
 * Private key files, read and decrypted once per transport rather than at every login (an OpenSSH
 * key's bcrypt KDF costs milliseconds of CPU each time), and read again when the file changes. A
 * key that cannot be used says why, in words that name the option that fixes it.
 */
final class IdentityFiles {

    /** Names of the two ways to give a passphrase (FleetOptions defines them). */
    static final String PASSPHRASE_HELP = "TCPFLEET_SSH_PASSPHRASE or --passphrase-file";

    /** A key file: its key, or why there is none. */
    record Loaded(Path file, KeyProvider key, String problem) {
    }

    private record Cached(Object version, Loaded loaded) {
    }

    private final Secret passphrase;
    private final Config config;
    private final Map<Path, Cached> cache = new ConcurrentHashMap<>();

    /** @param passphrase of encrypted keys, or null */
    IdentityFiles(char[] passphrase, Config config) {
        this.passphrase = passphrase == null ? null : new Secret(passphrase);
        this.config = config;
    }

    Loaded load(Path file) {
        Object version;
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            version = a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            return new Loaded(file, null, "key file " + file + " does not exist");
        } catch (IOException e) {
            return new Loaded(file, null, "cannot read key file " + file + ": " + e.getMessage());
        }
        Cached c = cache.get(file);
        if (c == null || !c.version().equals(version)) {
            c = new Cached(version, read(file));
            cache.put(file, c);
        }
        return c.loaded();
    }

    private Loaded read(Path file) {
        try {
            KeyFormat format = KeyProviderUtil.detectKeyFileFormat(file.toFile());
            FileKeyProvider provider = Factory.Named.Util.create(config.getFileKeyProviderFactories(), format.toString());
            if (provider == null) {
                return new Loaded(file, null, "key file " + file + " is not a private key tcpfleet can read");
            }
            provider.init(file.toFile(), passphrase);
            // decrypt now: a wrong passphrase is found here, once, not at every login
            return new Loaded(file, new KeyPairWrapper(new KeyPair(provider.getPublic(), provider.getPrivate())), null);
        } catch (IOException | RuntimeException e) {
            return new Loaded(file, null, problem(file, e));
        }
    }

    private String problem(Path file, Exception e) {
        if (encrypted(file, e)) {
            return passphrase == null
                    ? file + " is encrypted and no passphrase was given: set " + PASSPHRASE_HELP
                    : "wrong passphrase for " + file + " (from " + PASSPHRASE_HELP + ")";
        }
        return "cannot use key file " + file + ": " + (e.getMessage() != null ? e.getMessage() : e.toString());
    }

    private static boolean encrypted(Path file, Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KeyDecryptionFailedException) {
                return true;
            }
        }
        try {
            // PEM keys say so in a header: "Proc-Type: 4,ENCRYPTED" or "BEGIN ENCRYPTED PRIVATE KEY"
            return Files.readString(file, StandardCharsets.ISO_8859_1).contains("ENCRYPTED");
        } catch (IOException notReadable) {
            return false;
        }
    }
}
