package io.tcpfleet.collector.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** Writes test key pairs in OpenSSH's own private key format, as ssh-keygen does. */
final class TestKeys {

    private TestKeys() {
    }

    static Path writeOpenSsh(KeyPair pair, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "tcpfleet-test", null, out);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        return file;
    }
}
