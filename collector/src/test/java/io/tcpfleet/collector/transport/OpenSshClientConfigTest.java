package io.tcpfleet.collector.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import io.tcpfleet.testkit.RequiresE2E;
import io.tcpfleet.testkit.Tool;
import net.schmizz.sshj.common.Factory;
import org.junit.jupiter.api.Test;

/** The shared sshj config offers what the installed OpenSSH client offers by default, and nothing weaker. */
class OpenSshClientConfigTest {

    /** OpenSSH algorithms sshj 0.40 does not implement: left out, never replaced by weaker ones. */
    static final List<String> SSHJ_LACKS = List.of("sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com",
            "mlkem768x25519-sha256", "umac-64-etm@openssh.com", "umac-128-etm@openssh.com", "umac-64@openssh.com",
            "umac-128@openssh.com", "sk-ssh-ed25519-cert-v01@openssh.com", "sk-ecdsa-sha2-nistp256-cert-v01@openssh.com",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com", "rsa-sha2-512-cert-v01@openssh.com",
            "rsa-sha2-256-cert-v01@openssh.com");

    static final OpenSshClientConfig CONFIG = OpenSshClientConfig.INSTANCE;

    @Test
    @RequiresE2E(Tool.SSH_CLIENT)
    void offersOpenSshClientDefaultsInOpenSshOrder() throws Exception {
        Map<String, List<String>> openssh = sshG();
        assertEquals(supported(openssh.get("kexalgorithms")), without(Factory.Named.Util.getNames(CONFIG.getKeyExchangeFactories()), "ext-info-c"));
        assertEquals(supported(openssh.get("hostkeyalgorithms")), CONFIG.hostKeyAlgorithms());
        assertEquals(supported(openssh.get("ciphers")), Factory.Named.Util.getNames(CONFIG.getCipherFactories()));
        assertEquals(supported(openssh.get("macs")), Factory.Named.Util.getNames(CONFIG.getMACFactories()));
    }

    @Test
    void offersNoWeakAlgorithm() {
        List<String> all = new ArrayList<>();
        all.addAll(Factory.Named.Util.getNames(CONFIG.getKeyExchangeFactories()));
        all.addAll(CONFIG.hostKeyAlgorithms());
        all.addAll(Factory.Named.Util.getNames(CONFIG.getCipherFactories()));
        all.addAll(Factory.Named.Util.getNames(CONFIG.getMACFactories()));
        for (String weak : List.of("diffie-hellman-group1-sha1", "diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
                "3des-cbc", "3des-ctr", "arcfour", "arcfour128", "arcfour256", "blowfish-cbc", "aes128-cbc", "hmac-md5",
                "hmac-md5-96", "hmac-md5-etm@openssh.com", "ssh-dss", "ssh-dss-cert-v01@openssh.com", "ssh-rsa",
                "ssh-rsa-cert-v01@openssh.com")) {
            assertFalse(all.contains(weak), weak);
        }
    }

    @Test
    void theSharedConfigCannotBeChanged() {
        assertThrows(UnsupportedOperationException.class, () -> CONFIG.setCipherFactories(List.of()));
        assertThrows(UnsupportedOperationException.class, () -> CONFIG.setKeyAlgorithms(List.of()));
        assertThrows(UnsupportedOperationException.class, () -> CONFIG.setVerifyHostKeyCertificates(true));
        assertThrows(UnsupportedOperationException.class, () -> CONFIG.getCipherFactories().clear());
    }

    static List<String> supported(List<String> openssh) {
        return openssh.stream().filter(a -> !SSHJ_LACKS.contains(a)).toList();
    }

    static List<String> without(List<String> names, String name) {
        return names.stream().filter(n -> !n.equals(name)).toList();
    }

    /** What the installed OpenSSH client offers with no config at all: {@code ssh -G -F /dev/null}. */
    static Map<String, List<String>> sshG() throws Exception {
        Process p = new ProcessBuilder("/usr/bin/ssh", "-G", "-F", "/dev/null", "localhost").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            fail("ssh -G failed: " + out);
        }
        Map<String, List<String>> m = new HashMap<>();
        out.lines().map(l -> l.split(" ", 2)).filter(kv -> kv.length == 2)
                .forEach(kv -> m.put(kv[0], Arrays.asList(kv[1].split(","))));
        return m;
    }
}
