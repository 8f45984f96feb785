package dev.tft.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.discovery.Peer;
import dev.tft.discovery.PeerId;
import dev.tft.discovery.PeerState;
import dev.tft.discovery.Resolution;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** DISC-01: names resolve through trust; an untrusted namesake is never chosen silently. */
final class TrustResolutionTest {
    private static final String REAL = "rrrrrrrrrrrrrrrrrrrrrrrrrr";
    private static final String FAKE = "ffffffffffffffffffffffffff";

    @TempDir Path dir;

    private static Peer peer(String id, String host) throws Exception {
        Instant t = Instant.EPOCH;
        return new Peer(
                new PeerId(id),
                "",
                "bravo",
                List.of(InetAddress.getByName(host)),
                5001,
                "1",
                "linux",
                t,
                t,
                PeerState.UP,
                true,
                false);
    }

    private TrustStore trustingReal() throws Exception {
        TrustStore t = TrustStore.open(dir);
        t.add(new TrustedPeer(REAL, "bravo", "ab".repeat(32), Instant.now()));
        return t;
    }

    @Test
    void anAmbiguousNameWithOneTrustedCandidateMeansThatOne() throws Exception {
        Peer real = peer(REAL, "10.0.0.2");
        Resolution r =
                Pushes.throughTrust(
                        new Resolution.Ambiguous("bravo", List.of(peer(FAKE, "10.0.0.9"), real)),
                        trustingReal());
        Resolution.Found f = assertInstanceOf(Resolution.Found.class, r);
        assertSame(real, f.peer());
        assertEquals(new InetSocketAddress("10.0.0.2", 5001), f.address());
    }

    @Test
    void withoutATrustedCandidateTheAmbiguityStays() throws Exception {
        Resolution a =
                new Resolution.Ambiguous(
                        "bravo", List.of(peer(FAKE, "10.0.0.9"), peer(REAL, "10.0.0.2")));
        assertSame(a, Pushes.throughTrust(a, TrustStore.open(dir)));
    }

    @Test
    void anUntrustedPeerWithATrustedPeersNameIsRefusedWithWhatToDo() throws Exception {
        Peer fake = peer(FAKE, "10.0.0.9");
        String why =
                Pushes.untrustedNamesake(
                        new Resolution.Found(fake, new InetSocketAddress("10.0.0.9", 5001)),
                        trustingReal());
        assertTrue(why.contains("is not the bravo you trust"), why);
        assertTrue(why.contains("push by id"), why);
        assertNull(
                Pushes.untrustedNamesake(
                        new Resolution.Found(
                                peer(REAL, "10.0.0.2"), new InetSocketAddress("10.0.0.2", 5001)),
                        trustingReal()));
    }
}
