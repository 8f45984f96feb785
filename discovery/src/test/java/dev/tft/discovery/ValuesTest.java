package dev.tft.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.discovery.mdns.ServiceSighting;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** Self-validating values: ids, static peers, text cleaning, TXT parsing. */
@Timeout(10)
class ValuesTest {

    @TempDir Path dir;

    @Test
    void randomIdsAreValidAndDistinct() {
        PeerId a = PeerId.random();
        assertTrue(PeerId.isValid(a.value()));
        assertEquals(26, a.value().length());
        assertFalse(a.equals(PeerId.random()));
    }

    @Test
    void invalidIdsAreRejected() {
        for (String bad :
                List.of(
                        "",
                        "short",
                        "UPPERCASEUPPERCASE",
                        "aaaaaaaaaaaaaaa\n",
                        "a".repeat(65),
                        "aaaaaaaa-aaaaaaaa")) {
            assertThrows(IllegalArgumentException.class, () -> new PeerId(bad), bad);
        }
    }

    @Test
    void loadOrCreatePersistsWithPrivateMode() throws IOException {
        Path file = dir.resolve("state/peer-id");
        PeerId created = PeerId.loadOrCreate(file);
        assertEquals(created, PeerId.loadOrCreate(file));
        assertEquals(
                "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        try (var s = Files.list(file.getParent())) {
            assertEquals(1, s.count(), "temp file left behind");
        }
    }

    @Test
    void loadOrCreateRefusesGarbage() throws IOException {
        Path file = dir.resolve("peer-id");
        Files.writeString(file, "not an id\u001b[2J");
        assertThrows(IOException.class, () -> PeerId.loadOrCreate(file));
    }

    @Test
    void staticPeerParsing() {
        assertEquals(new StaticPeer("nas.lan", 5001), StaticPeer.parse("NAS.lan", 5001));
        assertEquals(new StaticPeer("10.0.0.2", 6000), StaticPeer.parse("10.0.0.2:6000", 5001));
        assertEquals(new StaticPeer("fe80::1%eth0", 5001), StaticPeer.parse("fe80::1%eth0", 5001));
        assertEquals(new StaticPeer("::1", 7), StaticPeer.parse("[::1]:7", 5001));
        for (String bad : List.of("", "a b", "host:0", "host:x", "[::1", "[::1]x", "h\u001b:1")) {
            assertThrows(IllegalArgumentException.class, () -> StaticPeer.parse(bad, 5001), bad);
        }
    }

    @Test
    void safeTextNeutralisesControlsAndBidiAndBounds() {
        assertEquals("a\uFFFD[2Jb\uFFFDc", SafeText.clean("a\u001b[2Jb\u202ec", 63));
        assertEquals("éé", SafeText.clean("ééé", 2));
        assertEquals("", SafeText.clean(null, 5));
    }

    @Test
    void sightingWithoutValidIdIsRefused() throws Exception {
        List<InetAddress> addr = List.of(InetAddress.getByName("10.0.0.2"));
        assertTrue(
                Announcement.from(new ServiceSighting("x", Map.of(), addr, 5001, "lo")).isEmpty());
        assertTrue(
                Announcement.from(new ServiceSighting("x", Map.of("id", "BAD"), addr, 5001, "lo"))
                        .isEmpty());
        String id = PeerId.random().value();
        assertTrue(
                Announcement.from(new ServiceSighting("x", Map.of("id", id), List.of(), 5001, "lo"))
                        .isEmpty());
    }

    @Test
    void sightingTextIsCleanedAndBounded() throws Exception {
        String id = PeerId.random().value();
        Announcement a =
                Announcement.from(
                                new ServiceSighting(
                                        "inst\u0007",
                                        Map.of(
                                                "id",
                                                id,
                                                "name",
                                                "n".repeat(300) + "\u001b",
                                                "version",
                                                "v".repeat(99)),
                                        List.of(InetAddress.getByName("10.0.0.2")),
                                        5001,
                                        "lo"))
                        .orElseThrow();
        assertEquals(Peer.MAX_NAME, a.name().length());
        assertEquals(Peer.MAX_SHORT, a.version().length());
        assertEquals("inst\uFFFD", a.instanceName());
        assertEquals("", a.os());
    }

    @Test
    void missingNameFallsBackToInstanceName() throws Exception {
        Announcement a =
                Announcement.from(
                                new ServiceSighting(
                                        "box",
                                        Map.of("id", PeerId.random().value()),
                                        List.of(InetAddress.getByName("10.0.0.2")),
                                        5001,
                                        "lo"))
                        .orElseThrow();
        assertEquals("box", a.name());
    }

    @Test
    void defaultsAreUsable() {
        String name = DiscoveryConfig.defaultName();
        assertFalse(name.isBlank());
        assertFalse(name.contains("."));
        assertFalse(DiscoveryConfig.defaultOs().isBlank());
    }

    @Test
    void instanceNameFitsOneDnsLabel() {
        String name = MdnsDiscovery.instanceName("é".repeat(63));
        assertTrue(name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63);
        assertEquals(31, name.length());
    }
}
