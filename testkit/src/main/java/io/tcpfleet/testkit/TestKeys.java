package io.tcpfleet.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Key pairs for tests, and writing them as ssh-keygen does (OpenSSH's own private key format). */
public final class TestKeys {

    private TestKeys() {
    }

    public static KeyPair ecdsa() {
        return generate("ecdsa-sha2-nistp256", 256);
    }

    /** Needs an Ed25519 provider at run time (BouncyCastle, which sshj brings). */
    public static KeyPair ed25519() {
        return generate("ssh-ed25519", 256);
    }

    public static KeyPair rsa() {
        return generate("ssh-rsa", 2048);
    }

    private static KeyPair generate(String type, int bits) {
        try {
            return KeyUtils.generateKeyPair(type, bits);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a " + type + " key", e);
        }
    }

    /** The private key, unencrypted, in OpenSSH's format; the public key beside it with .pub. */
    public static Path writeOpenSsh(KeyPair pair, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "tcpfleet-test", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        Files.writeString(Path.of(file + ".pub"), PublicKeyEntry.toString(pair.getPublic()) + " tcpfleet-test\n");
        return file;
    }
}
