package dev.tft.discovery;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real JmDNS on 127.0.0.1 and a random high mDNS port: instances in this JVM (and one child JVM for
 * the crash case) discover each other. Prints the measured timings as "MEASURE ..." lines.
 */
@Tag("mdns-loopback")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MdnsLoopbackTest {

    @Test
    void newPeerAppearsLateJoinerSeesExistingAndCleanStopDisappears() throws Exception {
        java.util.Queue<String> listenerThreads =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        java.util.concurrent.atomic.AtomicReference<List<Peer>> lastSnapshot =
                new java.util.concurrent.atomic.AtomicReference<>(List.of());
        try (LoopbackPeers.Node a = LoopbackPeers.node("alpha")) {
            a.discovery.addListener(
                    snapshot -> {
                        listenerThreads.add(Thread.currentThread().getName());
                        lastSnapshot.set(snapshot);
                    });
            a.start();
            // Let A's own announcement finish so B is the only newcomer being timed.
            await().atMost(Duration.ofSeconds(5))
                    .pollDelay(Duration.ofMillis(1500))
                    .until(() -> true);
            LoopbackPeers.Node b = LoopbackPeers.node("bravo");
            long t0 = System.nanoTime();
            b.start();
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> LoopbackPeers.isUp(a.discovery, b.id));
            long appear = ms(t0);
            await().atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> LoopbackPeers.isUp(b.discovery, a.id));
            long lateJoin = ms(t0);

            Peer seen = LoopbackPeers.find(a.discovery, b.id);
            assertEquals("bravo", seen.name());
            assertEquals(b.transfer.getLocalPort(), seen.port());
            assertEquals("1", seen.version());
            assertEquals("linux", seen.os());
            assertEquals(b.fingerprint, seen.fingerprint());
            assertTrue(
                    a.discovery.peers().stream().noneMatch(p -> a.id.equals(p.id())), "self shown");
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> lastSnapshot.get().stream().anyMatch(p -> b.id.equals(p.id())));
            assertTrue(
                    listenerThreads.stream().allMatch("tft-discovery-events"::equals),
                    listenerThreads::toString);

            long t1 = System.nanoTime();
            b.close();
            long closeMs = ms(t1);
            await().atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(10))
                    .until(() -> LoopbackPeers.isGoneOrAbsent(a.discovery, b.id));
            long leave = ms(t1);
            System.out.printf(
                    "MEASURE appear=%d ms lateJoinerSeesExisting=%d ms close()=%d ms "
                            + "cleanLeave=%d ms%n",
                    appear, lateJoin, closeMs, leave);
            assertTrue(closeMs < 3000, "close() took " + closeMs + " ms");
        }
    }

    @Test
    void killedPeerIsGoneWithin15Seconds() throws Exception {
        try (LoopbackPeers.Node a = LoopbackPeers.node("observer").start()) {
            String victimFingerprint = TestKeys.randomFingerprint();
            PeerId victim = PeerId.fromFingerprint(victimFingerprint);
            Process p =
                    new ProcessBuilder(
                                    javaBin(),
                                    "-cp",
                                    System.getProperty("java.class.path"),
                                    CrashablePeer.class.getName(),
                                    Integer.toString(LoopbackPeers.MDNS_PORT),
                                    victimFingerprint,
                                    "victim")
                            .redirectErrorStream(true)
                            .start();
            try {
                BufferedReader out =
                        new BufferedReader(
                                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                String line;
                while ((line = out.readLine()) != null && !line.equals("READY")) {
                    // skip log output
                }
                await().atMost(Duration.ofSeconds(10))
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> LoopbackPeers.isUp(a.discovery, victim));
                long t0 = System.nanoTime();
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS); // SIGKILL: no goodbye
                await().atMost(Duration.ofSeconds(15))
                        .pollInterval(Duration.ofMillis(50))
                        .until(() -> LoopbackPeers.isGoneOrAbsent(a.discovery, victim));
                long gone = ms(t0);
                System.out.printf("MEASURE crash(kill -9)->GONE=%d ms%n", gone);
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @SuppressWarnings("try") // t1 and t2 only have to be up while the watcher sees them
    @Test
    void sameNameTwiceIsKeptAndFlagged() throws Exception {
        try (LoopbackPeers.Node watcher = LoopbackPeers.node("watcher").start();
                LoopbackPeers.Node t1 = LoopbackPeers.node("twin").start();
                LoopbackPeers.Node t2 = LoopbackPeers.node("twin").start()) {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> {
                                List<Peer> twins =
                                        watcher.discovery.peers().stream()
                                                .filter(
                                                        p ->
                                                                p.name().equals("twin")
                                                                        && p.state()
                                                                                == PeerState.UP)
                                                .toList();
                                assertEquals(
                                        2,
                                        twins.size(),
                                        () -> "peers: " + watcher.discovery.peers());
                                assertTrue(twins.stream().allMatch(Peer::nameConflict));
                            });
            assertTrue(watcher.discovery.resolve("twin") instanceof Resolution.Ambiguous);
        }
    }

    @SuppressWarnings("try") // closing target mid-test is the point: the peer must go GONE
    @Test
    void staticPeerIsProbedUpAndGone() throws Exception {
        try (java.net.ServerSocket target =
                new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            StaticPeer sp = new StaticPeer("127.0.0.1", target.getLocalPort());
            try (LoopbackPeers.Node a =
                    new LoopbackPeers.Node("staticwatcher", List.of(sp)).start()) {
                await().atMost(Duration.ofSeconds(8))
                        .until(
                                () ->
                                        a.discovery.peers().stream()
                                                .anyMatch(
                                                        p ->
                                                                p.isStatic()
                                                                        && p.state()
                                                                                == PeerState.UP));
                target.close();
                await().atMost(Duration.ofSeconds(15))
                        .until(
                                () ->
                                        a.discovery.peers().stream()
                                                .anyMatch(
                                                        p ->
                                                                p.isStatic()
                                                                        && p.state()
                                                                                == PeerState.GONE));
            }
        }
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static String javaBin() {
        return System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    }
}
