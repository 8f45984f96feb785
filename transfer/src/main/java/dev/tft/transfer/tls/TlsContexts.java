package dev.tft.transfer.tls;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Objects;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the {@link SSLContext} that {@link TlsChannel} runs on: this device presents its one
 * self-signed certificate, as client and as server, and accepts any peer that presents exactly one
 * well-formed self-signed certificate of a supported key type.
 *
 * <p><b>The context does not decide who the peer is.</b> Device certificates are self-signed, so
 * there is no authority to ask; TLS only proves that the peer holds the private key of the
 * certificate it sent. Callers must derive the peer's id from {@link
 * TlsChannel#peerCertificate()}{@code .getPublicKey()} after {@link TlsChannel#handshake()} and
 * compare it with the id they expected (the pinned key), closing the connection on a mismatch.
 *
 * <p>The trust policy fails closed: it throws {@link CertificateException} for an empty chain, a
 * chain of more than one certificate, a certificate whose signature does not verify with its own
 * key, or a key that is neither EC P-256 nor Ed25519. Validity dates are deliberately not checked:
 * device certificates are valid until 9999 and clocks on a LAN are often wrong, so a date check
 * would only cause spurious failures.
 */
public final class TlsContexts {
    private static final String ALIAS = "tft-device";

    // One generator for every context: seeding is the expensive part, and SecureRandom is
    // thread-safe.
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final ECParameterSpec P256 = p256();

    private TlsContexts() {}

    /**
     * A TLS 1.3 context presenting {@code cert} with {@code key} and trusting peers as described in
     * the class comment. Build it once: it may be shared by every {@link TlsChannel}, on any
     * thread.
     *
     * @throws IllegalArgumentException if {@code cert} would itself be refused by a peer (not
     *     self-signed, unsupported key type) or {@code key} is not the private key of {@code cert}
     * @throws IllegalStateException if the JDK lacks TLS 1.3 (it does not on Java 17+)
     */
    public static SSLContext create(PrivateKey key, X509Certificate cert) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(cert, "cert");
        try {
            checkPeerChain(new X509Certificate[] {cert});
        } catch (CertificateException e) {
            throw new IllegalArgumentException("unusable device certificate: " + e.getMessage(), e);
        }
        // A mismatched pair would otherwise show only as an opaque handshake failure at the peer.
        if (!keyMatches(key, cert.getPublicKey())) {
            throw new IllegalArgumentException(
                    "the private key does not belong to the certificate");
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLSv1.3");
            ctx.init(
                    new KeyManager[] {new FixedKeyManager(key, cert)},
                    new TrustManager[] {new SelfSignedTrustManager()},
                    RANDOM);
            // tft never resumes (TlsChannel's engines have no peer host and port, and it
            // invalidates every handshake session), so a cache could only hold memory. 1, not 0:
            // 0 means unbounded.
            limitCache(ctx.getClientSessionContext());
            limitCache(ctx.getServerSessionContext());
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS 1.3 is not available", e);
        }
    }

    private static void limitCache(SSLSessionContext sessions) {
        if (sessions != null) {
            sessions.setSessionCacheSize(1);
        }
    }

    /**
     * The trust policy: exactly one certificate, verifiable with its own key, holding an EC P-256
     * or Ed25519 key. Package-private for tests.
     *
     * @throws CertificateException if the chain is refused
     */
    static void checkPeerChain(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("peer sent no certificate");
        }
        if (chain.length != 1) {
            throw new CertificateException(
                    "peer sent a chain of " + chain.length + " certificates; expected one");
        }
        X509Certificate cert = chain[0];
        if (cert == null) {
            throw new CertificateException("peer sent a null certificate");
        }
        PublicKey pk = cert.getPublicKey();
        if (!isP256(pk) && !isEd25519(pk)) {
            throw new CertificateException(
                    "peer key is " + pk.getAlgorithm() + "; expected EC P-256 or Ed25519");
        }
        try {
            cert.verify(pk);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("peer certificate is not self-signed", e);
        }
    }

    private static boolean isP256(PublicKey pk) {
        if (!(pk instanceof ECPublicKey)) {
            return false;
        }
        ECParameterSpec s = ((ECPublicKey) pk).getParams();
        return s.getCurve().equals(P256.getCurve())
                && s.getGenerator().equals(P256.getGenerator())
                && s.getOrder().equals(P256.getOrder())
                && s.getCofactor() == P256.getCofactor();
    }

    private static boolean isEd25519(PublicKey pk) {
        return pk instanceof EdECPublicKey
                && "Ed25519".equalsIgnoreCase(((EdECPublicKey) pk).getParams().getName());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static boolean keyMatches(PrivateKey key, PublicKey pub) {
        String alg = isEd25519(pub) ? "Ed25519" : "SHA256withECDSA";
        byte[] probe = "tft key check".getBytes(StandardCharsets.US_ASCII);
        try {
            Signature s = Signature.getInstance(alg);
            s.initSign(key, RANDOM);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Always offers the one device key, for whichever key type JSSE asks that it can serve. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;
        private final String keyType;

        FixedKeyManager(PrivateKey key, X509Certificate cert) {
            this.key = key;
            this.chain = new X509Certificate[] {cert};
            // JSSE names key types by key algorithm: "EC" for ECDSA, "EdDSA" for Ed25519.
            this.keyType = key.getAlgorithm();
        }

        private String aliasFor(String... keyTypes) {
            if (keyTypes != null) {
                for (String t : keyTypes) {
                    if (keyType.equalsIgnoreCase(t)
                            || ("EdDSA".equalsIgnoreCase(keyType) && "Ed25519".equals(t))) {
                        return ALIAS;
                    }
                }
            }
            return null;
        }

        // Issuer lists are ignored: a self-signed certificate matches no authority anyway, and the
        // peer's trust manager is the same permissive-then-pinned policy as ours.
        @Override
        public String chooseEngineClientAlias(
                String[] keyTypes, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyTypes);
        }

        @Override
        public String chooseEngineServerAlias(
                String keyType, Principal[] issuers, SSLEngine engine) {
            return aliasFor(keyType);
        }

        @Override
        public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
            return aliasFor(keyTypes);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return aliasFor(keyType);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return aliasFor(keyType) == null ? null : new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }

    /**
     * {@link #checkPeerChain} for both directions. Extending {@link X509ExtendedTrustManager} keeps
     * JSSE from wrapping it with hostname and CA-path checks that make no sense for pinned keys.
     */
    private static final class SelfSignedTrustManager extends X509ExtendedTrustManager {
        private static final X509Certificate[] NONE = new X509Certificate[0];

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            checkPeerChain(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType)
                throws CertificateException {
            checkPeerChain(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkPeerChain(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkPeerChain(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkPeerChain(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkPeerChain(chain);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            // Empty: no certificate_authorities hint; any self-signed key may connect, callers pin.
            return NONE;
        }
    }
}
