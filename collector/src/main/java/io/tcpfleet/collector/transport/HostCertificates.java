package io.tcpfleet.collector.transport;

import com.hierynomus.sshj.userauth.certificate.Certificate;
import java.util.Date;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.SSHRuntimeException;

/**
 * Whether a host certificate is valid for a host, as OpenSSH's sshkey_cert_check_host decides:
 * a host (not user) certificate, for this name, within its validity, signed by its CA with an
 * algorithm OpenSSH 9 accepts. Which CA may sign for the host is known_hosts' business.
 */
final class HostCertificates {

    /** {@code SSH2_CERT_TYPE_HOST} in PROTOCOL.certkeys; user certificates are type 1. */
    static final long HOST = 2;

    private HostCertificates() {
    }

    /** Why {@code cert} is not valid for {@code hostname}, or null if it is. */
    static String problem(Certificate<?> cert, String hostname) {
        if (cert.getType() != HOST) {
            return "it is a user certificate, not a host certificate";
        }
        Date now = new Date();
        if (cert.getValidBefore() != null && !now.before(cert.getValidBefore())) {
            return "it expired at " + cert.getValidBefore().toInstant();
        }
        if (cert.getValidAfter() != null && now.before(cert.getValidAfter())) {
            return "it is valid only from " + cert.getValidAfter().toInstant();
        }
        try {
            String signedWith = new Buffer.PlainBuffer(cert.getSignature()).readString();
            if (signedWith.equals("ssh-rsa") || signedWith.equals("ssh-dss")) {
                return "its CA signed it with " + signedWith + " (SHA-1), which OpenSSH 9 refuses";
            }
            byte[] raw = new Buffer.PlainBuffer().putPublicKey(cert).getCompactData();
            // principals (the name we connect to), validity period, and the CA's signature
            String error = KeyType.CertUtils.verifyHostCertificate(raw, cert, hostname);
            return error == null ? null : "it is not valid here: " + error;
        } catch (Buffer.BufferException | SSHRuntimeException e) {
            return "it is malformed (" + e.getMessage() + ")";
        }
    }
}
