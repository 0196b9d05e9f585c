package io.tcpfleet.collector.transport;

import com.hierynomus.sshj.key.KeyAlgorithm;
import com.hierynomus.sshj.key.KeyAlgorithms;
import com.hierynomus.sshj.transport.cipher.BlockCiphers;
import com.hierynomus.sshj.transport.cipher.ChachaPolyCiphers;
import com.hierynomus.sshj.transport.cipher.GcmCiphers;
import com.hierynomus.sshj.transport.kex.DHGroups;
import com.hierynomus.sshj.transport.kex.ExtInfoClientFactory;
import com.hierynomus.sshj.transport.mac.Macs;
import com.hierynomus.sshj.userauth.keyprovider.OpenSSHKeyV1KeyFile;
import java.util.List;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.ConfigImpl;
import net.schmizz.sshj.common.Factory;
import net.schmizz.sshj.common.LoggerFactory;
import net.schmizz.sshj.transport.cipher.Cipher;
import net.schmizz.sshj.transport.compression.Compression;
import net.schmizz.sshj.transport.compression.NoneCompression;
import net.schmizz.sshj.transport.kex.Curve25519SHA256;
import net.schmizz.sshj.transport.kex.DHGexSHA256;
import net.schmizz.sshj.transport.kex.ECDHNistP;
import net.schmizz.sshj.transport.kex.KeyExchange;
import net.schmizz.sshj.transport.mac.MAC;
import net.schmizz.sshj.transport.random.JCERandom;
import net.schmizz.sshj.transport.random.Random;
import net.schmizz.sshj.transport.random.SingletonRandomFactory;
import net.schmizz.sshj.userauth.keyprovider.FileKeyProvider;
import net.schmizz.sshj.userauth.keyprovider.OpenSSHKeyFile;
import net.schmizz.sshj.userauth.keyprovider.PKCS8KeyFile;
import net.schmizz.sshj.userauth.keyprovider.PuTTYKeyFile;

/**
 * sshj's algorithms set to OpenSSH 9's client defaults ({@code ssh -G}), in OpenSSH's order,
 * minus the few sshj lacks (sntrup761, umac, sk- keys, rsa-sha2 certificates): no
 * diffie-hellman-group1-sha1, 3des-cbc, arcfour, hmac-md5, ssh-dss or SHA-1 ssh-rsa, all of which
 * sshj's {@code DefaultConfig} offers. One instance serves every connection of the process
 * (building a config tests every cipher: expensive), so it refuses changes once built.
 *
 * <p>Host certificates are checked by {@link KnownHostsVerifier}, not during key exchange, so that
 * a bad certificate is classified as a host-key failure and OpenSSH's fallback to the plain key
 * applies.
 */
final class OpenSshClientConfig extends ConfigImpl {

    /** The one shared instance; immutable. */
    static final OpenSshClientConfig INSTANCE = new OpenSshClientConfig();

    private final boolean built;

    private OpenSshClientConfig() {
        setVersion("tcpfleet_sshj");
        setLoggerFactory(LoggerFactory.DEFAULT);
        setRandomFactory(new SingletonRandomFactory(new JCERandom.Factory()));
        setKeyExchangeFactories(List.of(
                new Curve25519SHA256.Factory(),
                new Curve25519SHA256.FactoryLibSsh(),
                new ECDHNistP.Factory256(),
                new ECDHNistP.Factory384(),
                new ECDHNistP.Factory521(),
                new DHGexSHA256.Factory(),
                DHGroups.Group16SHA512(),
                DHGroups.Group18SHA512(),
                DHGroups.Group14SHA256(),
                new ExtInfoClientFactory()));
        setKeyAlgorithms(List.of(
                KeyAlgorithms.EdDSA25519CertV01(),
                KeyAlgorithms.ECDSASHANistp256CertV01(),
                KeyAlgorithms.ECDSASHANistp384CertV01(),
                KeyAlgorithms.ECDSASHANistp521CertV01(),
                KeyAlgorithms.EdDSA25519(),
                KeyAlgorithms.ECDSASHANistp256(),
                KeyAlgorithms.ECDSASHANistp384(),
                KeyAlgorithms.ECDSASHANistp521(),
                KeyAlgorithms.RSASHA512(),
                KeyAlgorithms.RSASHA256()));
        setCipherFactories(List.of(
                ChachaPolyCiphers.CHACHA_POLY_OPENSSH(),
                BlockCiphers.AES128CTR(),
                BlockCiphers.AES192CTR(),
                BlockCiphers.AES256CTR(),
                GcmCiphers.AES128GCM(),
                GcmCiphers.AES256GCM()));
        setMACFactories(List.of(
                Macs.HMACSHA2256Etm(),
                Macs.HMACSHA2512Etm(),
                Macs.HMACSHA1Etm(),
                Macs.HMACSHA2256(),
                Macs.HMACSHA2512(),
                Macs.HMACSHA1()));
        setCompressionFactories(List.of(new NoneCompression.Factory()));
        setFileKeyProviderFactories(List.of(
                new OpenSSHKeyV1KeyFile.Factory(),
                new PKCS8KeyFile.Factory(),
                new OpenSSHKeyFile.Factory(),
                new PuTTYKeyFile.Factory()));
        setKeepAliveProvider(KeepAliveProvider.HEARTBEAT);
        setVerifyHostKeyCertificates(false);
        built = true;
    }

    /** Names of the host-key algorithms offered, in order. */
    List<String> hostKeyAlgorithms() {
        return Factory.Named.Util.getNames(getKeyAlgorithms());
    }

    private void refuseChange() {
        if (built) {
            throw new UnsupportedOperationException("the shared SSH config is immutable");
        }
    }

    // Every setter of ConfigImpl: none may change the shared instance once built.

    @Override
    public void setCipherFactories(List<Factory.Named<Cipher>> factories) {
        refuseChange();
        super.setCipherFactories(List.copyOf(factories));
    }

    @Override
    public void setCompressionFactories(List<Factory.Named<Compression>> factories) {
        refuseChange();
        super.setCompressionFactories(List.copyOf(factories));
    }

    @Override
    public void setFileKeyProviderFactories(List<Factory.Named<FileKeyProvider>> factories) {
        refuseChange();
        super.setFileKeyProviderFactories(List.copyOf(factories));
    }

    @Override
    public void setKeyExchangeFactories(List<Factory.Named<KeyExchange>> factories) {
        refuseChange();
        super.setKeyExchangeFactories(List.copyOf(factories));
    }

    @Override
    public void setMACFactories(List<Factory.Named<MAC>> factories) {
        refuseChange();
        super.setMACFactories(List.copyOf(factories));
    }

    @Override
    public void setKeyAlgorithms(List<Factory.Named<KeyAlgorithm>> algorithms) {
        refuseChange();
        super.setKeyAlgorithms(List.copyOf(algorithms));
    }

    @Override
    public void setRandomFactory(Factory<Random> factory) {
        refuseChange();
        super.setRandomFactory(factory);
    }

    @Override
    public void setVersion(String version) {
        refuseChange();
        super.setVersion(version);
    }

    @Override
    public void setKeepAliveProvider(KeepAliveProvider provider) {
        refuseChange();
        super.setKeepAliveProvider(provider);
    }

    @Override
    public void setWaitForServerIdentBeforeSendingClientIdent(boolean wait) {
        refuseChange();
        super.setWaitForServerIdentBeforeSendingClientIdent(wait);
    }

    @Override
    public void setLoggerFactory(LoggerFactory factory) {
        refuseChange();
        super.setLoggerFactory(factory);
    }

    @Override
    public void setVerifyHostKeyCertificates(boolean verify) {
        refuseChange();
        super.setVerifyHostKeyCertificates(verify);
    }

    @Override
    public void setMaxCircularBufferSize(int size) {
        refuseChange();
        super.setMaxCircularBufferSize(size);
    }

    @Override
    public void prioritizeSshRsaKeyAlgorithm() {
        refuseChange();
    }
}
