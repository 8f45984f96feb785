package dev.tft.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

@Timeout(10)
class PeerTableTest {

    private final MutableClock clock = new MutableClock();
    private final PeerId self = PeerId.random();
    private final PeerTable table = new PeerTable(self, clock, PeerTable.Settings.DEFAULTS);

    static Announcement ann(String instance, PeerId id, String name, String ip, int port) {
        return ann(instance, id, "", name, ip, port);
    }

    static Announcement ann(
            String instance, PeerId id, String fingerprint, String name, String ip, int port) {
        try {
            return new Announcement(
                    instance,
                    id,
                    fingerprint,
                    name,
                    List.of(InetAddress.getByName(ip)),
                    port,
                    "1",
                    "linux",
                    "eth0");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private Peer only() {
        List<Peer> peers = table.snapshot();
        assertEquals(1, peers.size(), () -> "peers: " + peers);
        return peers.get(0);
    }

    private Peer byId(PeerId id) {
        return table.snapshot().stream().filter(p -> id.equals(p.id())).findFirst().orElse(null);
    }

    @Test
    void announcedPeerIsUpWithItsFields() {
        PeerId id = PeerId.random();
        assertTrue(table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001)));
        Peer p = only();
        assertEquals(PeerState.UP, p.state());
        assertEquals("Alice", p.name());
        assertEquals(5001, p.port());
        assertEquals(clock.instant(), p.firstSeen());
        assertFalse(p.isStatic());
    }

    @Test
    void fingerprintFollowsTheLatestAnnouncement() {
        String fp = TestKeys.randomFingerprint();
        PeerId id = PeerId.fromFingerprint(fp);
        assertTrue(table.observe(ann("alice", id, fp, "Alice", "10.0.0.2", 5001)));
        assertEquals(fp, only().fingerprint());
        assertFalse(table.observe(ann("alice", id, fp, "Alice", "10.0.0.2", 5001)));
        assertTrue(
                table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001)),
                "losing the fingerprint is a visible change");
        assertEquals("", only().fingerprint());
        assertTrue(table.observe(ann("alice", id, fp, "Alice", "10.0.0.2", 5001)));
        assertEquals(fp, only().fingerprint());
    }

    @Test
    void staticPeerHasNoFingerprintUntilAnAnnouncementBringsOne() throws Exception {
        table.addStatic(new StaticPeer("10.0.0.7", 5001));
        assertEquals("", only().fingerprint());
        table.staticResolved("static:10.0.0.7:5001", List.of(InetAddress.getByName("10.0.0.7")));
        String fp = TestKeys.randomFingerprint();
        table.observe(ann("nas", PeerId.fromFingerprint(fp), fp, "NAS", "10.0.0.7", 5001));
        assertTrue(only().isStatic());
        assertEquals(fp, only().fingerprint());
    }

    @Test
    void repeatedIdenticalAnnouncementIsNotAChange() {
        PeerId id = PeerId.random();
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        assertFalse(table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001)));
    }

    @Test
    void eventDrivenChangesAreNotReportedAgainByTick() {
        PeerId id = PeerId.random();
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        assertFalse(table.tick());
        assertTrue(table.probeResult("id:" + id.value(), false));
        assertFalse(table.tick());
        assertTrue(table.removed("alice", "eth0"));
        assertFalse(table.tick());
    }

    @Test
    void ourOwnAnnouncementIsFiltered() {
        assertFalse(table.observe(ann("me", self, "me", "10.0.0.1", 5001)));
        assertTrue(table.snapshot().isEmpty());
    }

    @Test
    void silenceMakesSuspectThenGoneThenForgotten() {
        PeerId id = PeerId.random();
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        clock.advance(Duration.ofSeconds(6));
        assertTrue(table.tick());
        assertEquals(PeerState.SUSPECT, only().state());
        clock.advance(Duration.ofSeconds(7));
        assertTrue(table.tick());
        assertEquals(PeerState.GONE, only().state());
        clock.advance(Duration.ofSeconds(60));
        assertTrue(table.tick());
        assertTrue(table.snapshot().isEmpty());
    }

    @Test
    void failedProbesMakeSuspectThenGoneAndSuccessRevives() {
        PeerId id = PeerId.random();
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        String key = "id:" + id.value();
        assertTrue(table.probeResult(key, false));
        assertEquals(PeerState.SUSPECT, only().state());
        table.probeResult(key, false);
        assertTrue(table.probeResult(key, false));
        assertEquals(PeerState.GONE, only().state());
        // A cached re-resolve of the same endpoint does not make a dead peer look alive.
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        assertEquals(PeerState.GONE, only().state());
        assertTrue(table.probeResult(key, true));
        assertEquals(PeerState.UP, only().state());
    }

    @Test
    void goodbyeMakesGoneAtOnceAndNextAnnouncementRevives() {
        PeerId id = PeerId.random();
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        assertTrue(table.removed("alice", "eth0"));
        assertEquals(PeerState.GONE, only().state());
        assertTrue(table.probeTargets(Duration.ZERO).isEmpty(), "no probes after a goodbye");
        assertTrue(table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001)));
        assertEquals(PeerState.UP, only().state());
    }

    @Test
    void goodbyeOnOneInterfaceKeepsPeerSeenOnAnother() throws Exception {
        PeerId id = PeerId.random();
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        table.observe(
                new Announcement(
                        "alice",
                        id,
                        "",
                        "Alice",
                        List.of(InetAddress.getByName("192.168.1.2")),
                        5001,
                        "1",
                        "linux",
                        "wlan0"));
        assertTrue(table.removed("alice", "wlan0"));
        Peer p = only();
        assertEquals(PeerState.UP, p.state());
        assertEquals(List.of(InetAddress.getByName("10.0.0.2")), p.addresses());
        table.removed("alice", "eth0");
        assertEquals(PeerState.GONE, only().state());
    }

    @Test
    void staticPeerKeepsBeingProbedAfterAGoodbye() throws Exception {
        table.addStatic(new StaticPeer("10.0.0.7", 5001));
        String key = "static:10.0.0.7:5001";
        table.staticResolved(key, List.of(InetAddress.getByName("10.0.0.7")));
        PeerId id = PeerId.random();
        table.observe(ann("nas", id, "NAS", "10.0.0.7", 5001));
        table.removed("nas", "eth0");
        assertEquals(PeerState.GONE, only().state());
        assertEquals(1, table.probeTargets(Duration.ZERO).size());
        table.probeResult(key, true);
        assertEquals(PeerState.UP, only().state());
    }

    @Test
    void restartWithNewIdUnderSameInstanceNameRetiresOldEntry() {
        PeerId old = PeerId.random();
        PeerId fresh = PeerId.random();
        table.observe(ann("alice", old, "Alice", "10.0.0.2", 5001));
        assertTrue(table.observe(ann("alice", fresh, "Alice", "10.0.0.2", 5002)));
        assertEquals(PeerState.GONE, byId(old).state());
        assertEquals(PeerState.UP, byId(fresh).state());
        assertFalse(byId(fresh).nameConflict(), "a retired entry is no conflict");
        assertEquals(fresh, table.snapshot().get(0).id(), "live entries sort first");
    }

    @Test
    void sameNameTwiceIsKeptAndFlagged() {
        PeerId a = PeerId.random();
        PeerId b = PeerId.random();
        table.observe(ann("twin", a, "twin", "10.0.0.2", 5001));
        table.observe(ann("twin (2)", b, "TWIN", "10.0.0.3", 5001));
        List<Peer> peers = table.snapshot();
        assertEquals(2, peers.size());
        assertTrue(peers.stream().allMatch(Peer::nameConflict));
    }

    @Test
    void addressChangeResetsProbeFailures() {
        PeerId id = PeerId.random();
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        table.probeResult("id:" + id.value(), false);
        table.observe(ann("alice", id, "Alice", "10.0.0.9", 5001));
        assertEquals(PeerState.UP, only().state());
    }

    @Test
    void floodIsBoundedAndLivePeersAreNotEvicted() {
        PeerTable small =
                new PeerTable(
                        self,
                        clock,
                        new PeerTable.Settings(
                                4,
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(12),
                                3,
                                Duration.ofSeconds(60)));
        PeerId first = PeerId.random();
        small.observe(ann("first", first, "first", "10.0.0.2", 5001));
        for (int i = 0; i < 1000; i++) {
            small.observe(ann("fake" + i, PeerId.random(), "fake" + i, "10.1.0.1", 5001));
        }
        assertEquals(4, small.snapshot().size());
        assertTrue(small.snapshot().stream().anyMatch(p -> first.equals(p.id())));
        assertEquals(997, small.refusedCount());
    }

    @Test
    void fullTableEvictsStalestGoneEntryFirst() {
        PeerTable small =
                new PeerTable(
                        self,
                        clock,
                        new PeerTable.Settings(
                                2,
                                Duration.ofSeconds(5),
                                Duration.ofSeconds(12),
                                3,
                                Duration.ofSeconds(60)));
        PeerId dead = PeerId.random();
        PeerId alive = PeerId.random();
        small.observe(ann("dead", dead, "dead", "10.0.0.2", 5001));
        small.observe(ann("alive", alive, "alive", "10.0.0.3", 5001));
        small.removed("dead", "eth0");
        PeerId newcomer = PeerId.random();
        small.observe(ann("new", newcomer, "new", "10.0.0.4", 5001));
        List<PeerId> ids = small.snapshot().stream().map(Peer::id).toList();
        assertTrue(
                ids.contains(alive) && ids.contains(newcomer) && !ids.contains(dead),
                ids::toString);
    }

    @Test
    void staticPeerIsSuspectUntilReachedThenAdoptsAnnouncedIdentity() throws Exception {
        table.addStatic(new StaticPeer("nas.lan", 5001));
        Peer p = only();
        assertTrue(p.isStatic());
        assertNull(p.id());
        assertEquals("nas.lan", p.name());
        assertEquals(PeerState.SUSPECT, p.state());
        String key = "static:nas.lan:5001";
        table.staticResolved(key, List.of(InetAddress.getByName("10.0.0.7")));
        table.probeResult(key, true);
        assertEquals(PeerState.UP, only().state());
        PeerId id = PeerId.random();
        table.observe(ann("nas", id, "NAS", "10.0.0.7", 5001));
        Peer merged = only();
        assertEquals(id, merged.id());
        assertEquals("NAS", merged.name());
        assertTrue(merged.isStatic());
        assertFalse(table.observe(ann("nas", id, "NAS", "10.0.0.7", 5001)), "repeat is no change");
        assertEquals(id, only().id());
    }

    @Test
    void staticPeerIsNeverForgotten() {
        table.addStatic(new StaticPeer("nas.lan", 5001));
        for (int i = 0; i < 3; i++) {
            table.probeResult("static:nas.lan:5001", false);
        }
        clock.advance(Duration.ofHours(1));
        table.tick();
        assertEquals(PeerState.GONE, only().state());
    }

    @Test
    void probeTargetsSkipRecentlySeenPeers() {
        PeerId id = PeerId.random();
        table.observe(ann("alice", id, "Alice", "10.0.0.2", 5001));
        assertTrue(table.probeTargets(Duration.ofSeconds(2)).isEmpty());
        clock.advance(Duration.ofSeconds(3));
        assertEquals(1, table.probeTargets(Duration.ofSeconds(2)).size());
    }
}
