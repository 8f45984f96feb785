package dev.tft.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.discovery.mdns.ServiceSighting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Key fingerprints: the id derivation, TXT {@code fp} parsing and the records that carry them. */
@Timeout(10)
class FingerprintTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void goldenDerivation() throws Exception {
        // The constant really is SHA-256 of nothing; its id was computed with Python's base64.
        assertEquals(
                TestKeys.FINGERPRINT,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest()));
        assertEquals(TestKeys.FINGERPRINT_ID, PeerId.fromFingerprint(TestKeys.FINGERPRINT).value());
        // python3: base64.b32encode(hashlib.sha256(b"tft").digest()).decode().lower()[:26]
        assertEquals(
                "v2k5biufayua53vcq2mbh7tvji",
                PeerId.fromFingerprint(
                                "ae95d0a28506280eeea2869813fe754a196713974a03f410f466d11b645816e8")
                        .value());
    }

    @Test
    void derivedIdsAreTwentySixBase32Chars() {
        for (int i = 0; i < 100; i++) {
            String id = PeerId.fromFingerprint(TestKeys.randomFingerprint()).value();
            assertTrue(id.matches("[a-z2-7]{26}"), id);
        }
    }

    @Test
    void onlyLowercaseSixtyFourHexDigitsAreAFingerprint() {
        assertTrue(PeerId.isFingerprint(TestKeys.FINGERPRINT));
        for (String bad :
                Arrays.asList(
                        null,
                        "",
                        TestKeys.FINGERPRINT.toUpperCase(java.util.Locale.ROOT),
                        TestKeys.FINGERPRINT.substring(1),
                        TestKeys.FINGERPRINT + "0",
                        TestKeys.FINGERPRINT.substring(0, 63) + "g",
                        TestKeys.FINGERPRINT.substring(0, 4)
                                + " "
                                + TestKeys.FINGERPRINT.substring(5),
                        TestKeys.FINGERPRINT.substring(0, 63) + "\n")) {
            assertFalse(PeerId.isFingerprint(bad), String.valueOf(bad));
            assertFalse(new PeerId(TestKeys.FINGERPRINT_ID).matchesFingerprint(bad));
            assertThrows(IllegalArgumentException.class, () -> PeerId.fromFingerprint(bad));
        }
    }

    @Test
    void matchesOnlyTheFingerprintItIsDerivedFrom() {
        PeerId id = new PeerId(TestKeys.FINGERPRINT_ID);
        assertTrue(id.matchesFingerprint(TestKeys.FINGERPRINT));
        assertFalse(id.matchesFingerprint(TestKeys.randomFingerprint()));
        assertFalse(
                new PeerId(TestKeys.FINGERPRINT_ID + "a").matchesFingerprint(TestKeys.FINGERPRINT));
        assertFalse(
                new PeerId(TestKeys.FINGERPRINT_ID.substring(0, 20))
                        .matchesFingerprint(TestKeys.FINGERPRINT));
    }

    private static ServiceSighting sighting(String id, String fp) throws Exception {
        Map<String, String> txt = new HashMap<>();
        txt.put("id", id);
        txt.put("name", "box");
        if (fp != null) {
            txt.put("fp", fp);
        }
        return new ServiceSighting(
                "box", txt, List.of(InetAddress.getByName("10.0.0.2")), 5001, "lo");
    }

    @Test
    void matchingTxtFingerprintIsKept() throws Exception {
        ServiceSighting s = sighting(TestKeys.FINGERPRINT_ID, TestKeys.FINGERPRINT);
        Announcement a = Announcement.from(s).orElseThrow();
        assertEquals(TestKeys.FINGERPRINT, a.fingerprint());
        assertFalse(a.rejectsFingerprint(s));
    }

    @Test
    void absentTxtFingerprintIsEmptyAndNotARejection() throws Exception {
        for (String absent : Arrays.asList(null, "")) {
            ServiceSighting s = sighting(TestKeys.FINGERPRINT_ID, absent);
            Announcement a = Announcement.from(s).orElseThrow();
            assertEquals("", a.fingerprint());
            assertFalse(a.rejectsFingerprint(s), "an empty fp= says nothing, like none");
        }
    }

    @Test
    void badTxtFingerprintIsDroppedButTheAnnouncementKept() throws Exception {
        for (String bad :
                List.of(
                        TestKeys.randomFingerprint(), // well-formed, another key's
                        TestKeys.FINGERPRINT.toUpperCase(java.util.Locale.ROOT),
                        TestKeys.FINGERPRINT.substring(2),
                        "\u001b[2J" + TestKeys.FINGERPRINT)) {
            ServiceSighting s = sighting(TestKeys.FINGERPRINT_ID, bad);
            Announcement a = Announcement.from(s).orElseThrow();
            assertEquals("", a.fingerprint(), bad);
            assertEquals(new PeerId(TestKeys.FINGERPRINT_ID), a.id());
            assertTrue(a.rejectsFingerprint(s), bad);
        }
        // A hex id of another implementation cannot match any fingerprint.
        ServiceSighting hex = sighting("0123456789abcdef", TestKeys.FINGERPRINT);
        assertEquals("", Announcement.from(hex).orElseThrow().fingerprint());
    }

    @Test
    void recordsRefuseAFingerprintThatDoesNotMatchTheId() throws Exception {
        PeerId id = new PeerId(TestKeys.FINGERPRINT_ID);
        String other = TestKeys.randomFingerprint();
        List<InetAddress> addr = List.of(InetAddress.getByName("10.0.0.2"));
        assertThrows(
                IllegalArgumentException.class,
                () -> new Announcement("box", id, other, "box", addr, 5001, "1", "", "lo"));
        assertThrows(IllegalArgumentException.class, () -> peer(id, other, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> peer(null, TestKeys.FINGERPRINT, true),
                "a static peer without an id cannot have a fingerprint");
        assertEquals(TestKeys.FINGERPRINT, peer(id, TestKeys.FINGERPRINT, false).fingerprint());
        assertEquals("", peer(null, "", true).fingerprint());
    }

    private static Peer peer(PeerId id, String fingerprint, boolean isStatic) {
        return new Peer(
                id,
                fingerprint,
                "box",
                List.of(),
                5001,
                "1",
                "",
                T,
                T,
                PeerState.UP,
                false,
                isStatic);
    }

    @Test
    void configRequiresAWellFormedFingerprintOfItsOwnId() {
        PeerId id = new PeerId(TestKeys.FINGERPRINT_ID);
        assertEquals(TestKeys.FINGERPRINT, config(id, TestKeys.FINGERPRINT).fingerprint());
        for (String bad :
                Arrays.asList(
                        null,
                        "",
                        TestKeys.FINGERPRINT.toUpperCase(java.util.Locale.ROOT),
                        TestKeys.randomFingerprint())) {
            assertThrows(IllegalArgumentException.class, () -> config(id, bad), bad);
        }
    }

    private static DiscoveryConfig config(PeerId id, String fingerprint) {
        return new DiscoveryConfig(
                id,
                fingerprint,
                "box",
                5001,
                "1",
                "linux",
                true,
                DiscoveryConfig.MDNS_PORT,
                List.of(),
                List.of(),
                Clock.systemUTC());
    }
}
