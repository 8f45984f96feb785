package dev.tft.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.transfer.Admission;
import dev.tft.transfer.IncomingPush;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The accept policy and the trust store, without sockets: decisions, bounds, timeouts, files. */
@Timeout(20)
final class ConsentTest {
    private static final String ALPHA = "aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private static final String MALLORY = "mmmmmmmmmmmmmmmmmmmmmmmmmm";
    private static final String SELF = "ssssssssssssssssssssssssss";
    private static final String FP = "ab".repeat(32);

    @TempDir Path dir;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<PendingOffers.Offer> held = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Consent consent(AcceptPolicy policy, Duration timeout) {
        return consent(policy, timeout, TrustStore.open(dir));
    }

    private Consent consent(AcceptPolicy policy, Duration timeout, TrustStore trust) {
        PendingOffers pending = new PendingOffers(16, 2, timeout, Clock.systemUTC(), timer);
        return new Consent(policy, trust, pending, Clock.systemUTC(), SELF, "bravo", held::add);
    }

    private static IncomingPush push(String id, String host) {
        return new IncomingPush(
                id, "", "peer", new InetSocketAddress(host, 40000), false, 1, 10, List.of("a.txt"));
    }

    private static IncomingPush legacy(String host) {
        return new IncomingPush(
                "", "", "", new InetSocketAddress(host, 40000), true, 1, 10, List.of("n.txt"));
    }

    @Test
    void askHoldsUnknownPeersAndLegacyPushesAndAdmitsTrustedOnesAndItself() throws Exception {
        TrustStore trust = TrustStore.open(dir);
        trust.add(new TrustedPeer(ALPHA, "alpha", FP, Instant.now()));
        Consent c = consent(AcceptPolicy.ASK, Duration.ofMinutes(5), trust);
        assertEquals(Admission.Decision.ADMIT, c.decide(push(ALPHA, "10.0.0.1")));
        assertEquals(Admission.Decision.ADMIT, c.decide(push(SELF, "127.0.0.1")));
        assertInstanceOf(Admission.Hold.class, c.decide(push(MALLORY, "10.0.0.2")));
        assertInstanceOf(Admission.Hold.class, c.decide(legacy("10.0.0.3")));
        assertEquals(2, held.size());
    }

    @Test
    void trustedRefusesEveryoneElseWithAReasonThatSaysWhatToDo() {
        Admission.Decision d =
                consent(AcceptPolicy.TRUSTED, Duration.ofMinutes(5))
                        .decide(push(MALLORY, "10.0.0.2"));
        assertTrue(((Admission.Refuse) d).reason().contains("trusted peers only"));
        assertInstanceOf(
                Admission.Refuse.class,
                consent(AcceptPolicy.TRUSTED, Duration.ofMinutes(5)).decide(legacy("10.0.0.3")));
    }

    @Test
    void anOpenWindowAdmitsEveryoneUntilItEnds() {
        Consent c = consent(AcceptPolicy.TRUSTED, Duration.ofMinutes(5));
        c.open(Duration.ofMinutes(1));
        assertEquals(Admission.Decision.ADMIT, c.decide(legacy("10.0.0.3")));
        assertTrue(c.openUntil().isPresent());
        c.close();
        assertFalse(c.openUntil().isPresent());
        assertInstanceOf(Admission.Refuse.class, c.decide(legacy("10.0.0.3")));
    }

    @Test
    void anAcceptedPushComesBackOnceWithoutAskingButAnotherPushAsksAgain() {
        Consent c = consent(AcceptPolicy.ASK, Duration.ofMinutes(5));
        IncomingPush p = push(MALLORY, "10.0.0.2");
        c.granted(p);
        assertEquals(Admission.Decision.ADMIT, c.decide(p));
        assertInstanceOf(Admission.Hold.class, c.decide(p));
        IncomingPush other =
                new IncomingPush(MALLORY, "", "peer", p.from(), false, 1, 11, List.of("b.txt"));
        c.granted(p);
        assertInstanceOf(Admission.Hold.class, c.decide(other));
    }

    @Test
    void heldOffersAreBoundedPerAddressAndTimeOutAsARefusal() {
        Consent c = consent(AcceptPolicy.ASK, Duration.ofMillis(300));
        Admission.Hold h1 = (Admission.Hold) c.decide(push(MALLORY, "10.0.0.2"));
        assertInstanceOf(Admission.Hold.class, c.decide(push(MALLORY, "10.0.0.2")));
        Admission.Decision third = c.decide(push(MALLORY, "10.0.0.2"));
        assertTrue(((Admission.Refuse) third).reason().contains("too many pushes are waiting"));
        await().atMost(Duration.ofSeconds(5)).until(h1.outcome()::isDone);
        assertFalse(h1.outcome().join());
        // The timed-out offers left the registry: the address may offer again.
        await().atMost(Duration.ofSeconds(5))
                .until(() -> c.decide(push(MALLORY, "10.0.0.2")) instanceof Admission.Hold);
    }

    @Test
    void pendingOffersAreFoundByIdOrAsTheOnlyOne() throws Exception {
        PendingOffers p = new PendingOffers(16, 2, Duration.ofMinutes(5), Clock.systemUTC(), timer);
        PendingOffers.NoOfferException none =
                assertThrows(PendingOffers.NoOfferException.class, () -> p.find(null));
        assertEquals("no pending offers", none.getMessage());
        PendingOffers.Offer a = p.hold(push(MALLORY, "10.0.0.2")).orElseThrow();
        assertEquals(a, p.find(null));
        PendingOffers.Offer b = p.hold(legacy("10.0.0.4")).orElseThrow();
        PendingOffers.NoOfferException two =
                assertThrows(PendingOffers.NoOfferException.class, () -> p.find(null));
        assertEquals(List.of(a.id(), b.id()), two.pending);
        assertEquals(b, p.find(b.id()));
        a.outcome().cancel(false); // the receiver gave up: the offer is forgotten
        assertEquals(List.of(b), p.list());
    }

    @Test
    void theTrustStoreIsPrivateAtomicAndSurvivesARestart() throws Exception {
        TrustStore t = TrustStore.open(dir);
        t.add(
                new TrustedPeer(
                        ALPHA, "alpha", "ab".repeat(32), Instant.parse("2026-12-01T00:00:00Z")));
        Path f = dir.resolve(TrustStore.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        TrustStore again = TrustStore.open(dir);
        assertTrue(again.contains(ALPHA));
        assertEquals("alpha", again.get(ALPHA).orElseThrow().name());
        assertEquals(List.of(), again.named("nobody"));
        assertTrue(again.remove(ALPHA).isPresent());
        assertFalse(TrustStore.open(dir).contains(ALPHA));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(f), s.toList(), "no temp files left behind");
        }
    }

    @Test
    void aCorruptOrTooOpenTrustStoreTrustsNoOne() throws Exception {
        TrustStore t = TrustStore.open(dir);
        t.add(new TrustedPeer(ALPHA, "alpha", FP, Instant.now()));
        Path f = dir.resolve(TrustStore.FILE);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertFalse(TrustStore.open(dir).contains(ALPHA));
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(f, "{not json");
        assertFalse(TrustStore.open(dir).contains(ALPHA));
        try (var s = Files.list(dir)) {
            assertTrue(
                    s.anyMatch(
                            p -> p.getFileName().toString().startsWith("trusted.json.corrupt-")));
        }
    }
}
