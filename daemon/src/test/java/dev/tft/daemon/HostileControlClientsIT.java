package dev.tft.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Control-socket clients that misbehave (security cases CTL-07, CTL-10, CTL-11), against a real
 * in-process daemon over its real Unix-domain socket. The cases needing another uid or a loose
 * umask (CTL-01/02) run as root in {@code systest/faults.sh}.
 */
@Timeout(60)
class HostileControlClientsIT {
    @TempDir Path dir;
    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private DaemonConfig start() throws Exception {
        DaemonConfig c = TestDaemons.config(dir, "hostile");
        daemon = TestDaemons.start(c);
        return c;
    }

    /**
     * CTL-07: a client that floods requests and never reads its replies stalls only itself: others
     * are answered at once, and the stuck one is dropped after the write timeout.
     */
    @Test
    void ctl07ClientThatNeverReadsStallsOnlyItselfAndIsDropped() throws Exception {
        DaemonConfig c = start();
        try (Uds stuck = new Uds(c.socket())) {
            stuck.channel.configureBlocking(false);
            byte[] line = "{\"op\":\"status\"}\n".getBytes(StandardCharsets.UTF_8);
            ByteBuffer many = ByteBuffer.allocate(line.length * 50_000);
            while (many.hasRemaining()) {
                many.put(line);
            }
            many.flip();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (many.hasRemaining() && System.nanoTime() < until) {
                stuck.channel.write(
                        many); // the daemon's replies pile up unread until both buffers are full
            }
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                assertTrue(Uds.ask(c.socket(), "{\"op\":\"status\"}").startsWith("{\"ok\":true"));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                assertTrue(ms < 1000, "status took " + ms + " ms while a client was stuck");
            }
            // Not reading for longer than ControlServer.WRITE_TIMEOUT gets it dropped: after that,
            // draining the
            // replies queued in the socket ends in EOF. (Reading earlier would unstick the daemon's
            // writes.)
            await().pollDelay(ControlServer.WRITE_TIMEOUT.plusSeconds(2))
                    .atMost(Duration.ofSeconds(40))
                    .until(() -> drainedToEof(stuck));
        }
    }

    /** Non-blocking: reads whatever is queued; true once the daemon's end is closed. */
    private static boolean drainedToEof(Uds u) {
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        try {
            int n;
            do {
                b.clear();
                n = u.channel.read(b);
            } while (n > 0);
            return n < 0;
        } catch (IOException reset) {
            return true;
        }
    }

    /**
     * CTL-10: a socket path longer than sun_path allows is a clear start-up error naming the path.
     */
    @Test
    void ctl10OverlongSocketPathIsAClearStartupError() {
        Path deep = dir.resolve("x".repeat(60)).resolve("y".repeat(60)).resolve("tft.sock");
        DaemonConfig base = TestDaemons.config(dir, "long");
        DaemonConfig c =
                new DaemonConfig(
                        base.name(),
                        base.port(),
                        base.bind(),
                        base.inbox(),
                        deep,
                        base.stateDir(),
                        base.loopbackOnly(),
                        base.mdnsPort(),
                        base.staticPeers(),
                        base.interfaces(),
                        base.limits(),
                        base.accept(),
                        base.notifications(),
                        base.pendingTimeout());
        IOException e = assertThrows(IOException.class, () -> TestDaemons.start(c));
        assertTrue(e.getMessage().contains(deep.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
    }

    /**
     * CTL-11: non-regular sources are refused up front with {@code source_error} (no endless stream
     * from /dev/zero, no blocking open of a FIFO), including through a symlink.
     */
    @Test
    void ctl11NonRegularSourcesAreRefusedQuickly() throws Exception {
        DaemonConfig c = start();
        Path fifo = dir.resolve("fifo");
        assumeTrue(
                new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0,
                "mkfifo not available");
        Path linkToFifo = Files.createSymbolicLink(dir.resolve("link-to-fifo"), fifo);
        Path linkToZero =
                Files.createSymbolicLink(dir.resolve("link-to-zero"), Path.of("/dev/zero"));
        for (Path p : List.of(Path.of("/dev/zero"), fifo, linkToFifo, linkToZero)) {
            long t0 = System.nanoTime();
            List<String> events;
            try (Uds u = new Uds(c.socket())) {
                u.send("{\"op\":\"push\",\"peer\":\"127.0.0.1:9\",\"paths\":[\"" + p + "\"]}");
                events = u.readEvents();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(1, events.size(), p + ": " + events);
            assertTrue(events.get(0).contains("\"code\":\"source_error\""), p + ": " + events);
            assertTrue(ms < 5000, p + " took " + ms + " ms");
        }
    }
}
