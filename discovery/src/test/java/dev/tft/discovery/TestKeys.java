package dev.tft.discovery;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** Test support: well-formed key fingerprints and the peer ids derived from them. */
final class TestKeys {

    /** SHA-256 of the empty input: a well-formed fingerprint that no real key has. */
    static final String FINGERPRINT =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /**
     * The id derived from {@link #FINGERPRINT}, computed outside Java: {@code python3 -c 'import
     * base64; print(base64.b32encode(bytes.fromhex(FP)).decode().lower()[:26])'}.
     */
    static final String FINGERPRINT_ID = "4oymiquy7qobjgx36tejs35zeq";

    private TestKeys() {}

    /** A fresh random well-formed fingerprint (stands in for a new device key). */
    static String randomFingerprint() {
        byte[] digest = new byte[32];
        ThreadLocalRandom.current().nextBytes(digest);
        return HexFormat.of().formatHex(digest);
    }
}
