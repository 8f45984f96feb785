package dev.tft.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.util.concurrent.TimeUnit.SECONDS;

import dev.tft.transfer.ReceiverLimits;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A real daemon (loopback-only mDNS, port 0) driven over its real Unix-domain control socket. */
@Timeout(60)
class DaemonIT {
    @TempDir Path dir;
    final List<Daemon> daemons = new ArrayList<>();

    @AfterEach
    void stop() {
        daemons.forEach(Daemon::close);
    }

    private Daemon start(DaemonConfig c) throws Exception {
        Daemon d = TestDaemons.start(c);
        daemons.add(d);
        return d;
    }

    @Test
    void statusAnswersOverTheSocketWithOwnerOnlyPermissions() throws Exception {
        DaemonConfig c = TestDaemons.config(dir, "alpha");
        Daemon d = start(c);
        String reply = Uds.ask(c.socket(), "{\"op\":\"status\"}");
        assertTrue(reply.startsWith("{\"ok\":true"), reply);
        assertTrue(reply.contains("\"name\":\"alpha\""), reply);
        assertTrue(reply.contains("\"port\":" + d.port()), reply);
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(c.socket())));
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(c.socket().getParent())));
    }

    @Test
    void secondDaemonOnTheSameSocketIsRefusedAndTheLiveSocketSurvives() throws Exception {
        DaemonConfig c = TestDaemons.config(dir, "alpha");
        start(c);
        assertThrows(ControlSocket.AlreadyRunningException.class, () -> TestDaemons.start(c));
        assertTrue(Uds.ask(c.socket(), "{\"op\":\"status\"}").startsWith("{\"ok\":true"));
    }

    @Test
    void staleSocketFromACrashIsReplaced() throws Exception {
        DaemonConfig c = TestDaemons.config(dir, "alpha");
        Files.createDirectories(c.socket().getParent());
        Files.writeString(c.socket(), "left by a crash");
        start(c);
        assertTrue(Uds.ask(c.socket(), "{\"op\":\"peers\"}").startsWith("{\"ok\":true"));
    }

    @Test
    void malformedLinesGetAnErrorAndTheConnectionStaysUsable() throws Exception {
        DaemonConfig c = TestDaemons.config(dir, "alpha");
        start(c);
        try (Uds u = new Uds(c.socket())) {
            u.send("{not json");
            assertTrue(u.read().contains("\"code\":\"bad_request\""));
            u.send("{\"op\":\"launch-missiles\"}");
            assertTrue(u.read().contains("\"code\":\"unknown_op\""));
            u.send("{\"op\":\"cancel\",\"push\":\"p-999\"}");
            assertTrue(u.read().contains("\"code\":\"not_found\""));
            u.send("{\"op\":\"status\"}");
            assertTrue(u.read().startsWith("{\"ok\":true"));
        }
    }

    @Test
    void overlongLineIsRefusedAndTheDaemonStaysUp() throws Exception {
        DaemonConfig c = TestDaemons.config(dir, "alpha");
        start(c);
        try (Uds u = new Uds(c.socket())) {
            u.send("x".repeat(ClientConnection.MAX_LINE + 10));
            assertTrue(u.read().contains("\"code\":\"bad_request\""));
        }
        assertTrue(Uds.ask(c.socket(), "{\"op\":\"status\"}").startsWith("{\"ok\":true"));
    }

    @Test
    void clientsBeyondTheLimitAreToldBusyAndOthersStillServed() throws Exception {
        DaemonConfig c = TestDaemons.config(dir, "alpha");
        start(c);
        List<Uds> idle = new ArrayList<>();
        try {
            for (int i = 0; i < ControlServer.MAX_CLIENTS; i++) {
                Uds u = new Uds(c.socket());
                u.send("{\"op\":\"status\"}");
                u.read(); // served: the slot is now held by an idle client
                idle.add(u);
            }
            try (Uds extra = new Uds(c.socket())) {
                // The daemon answers an over-limit client at once, before any request, then closes.
                String refused = extra.read();
                assertTrue(refused.contains("\"code\":\"busy\""), refused);
            }
        } finally {
            for (Uds u : idle) {
                u.close();
            }
        }
        await().atMost(5, SECONDS)
                .until(() -> Uds.ask(c.socket(), "{\"op\":\"status\"}").startsWith("{\"ok\""));
    }

    @Test
    void twoDaemonsPushToEachOtherByAddress() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        DaemonConfig b = TestDaemons.config(dir, "beta");
        start(a);
        Daemon db = start(b);
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(data);
        Path src = Files.write(dir.resolve("report.bin"), data);
        List<String> events;
        try (Uds u = new Uds(a.socket())) {
            u.send(pushRequest(db.port(), src));
            events = u.readEvents();
        }
        String last = events.get(events.size() - 1);
        assertTrue(last.contains("\"event\":\"done\""), String.join("\n", events));
        assertEquals(-1, uAfterDone(a, db, src), "the daemon closes the connection after a push");
        assertTrue(events.get(0).contains("\"event\":\"accepted\""), events.get(0));
        assertArrayEquals(data, Files.readAllBytes(b.inbox().resolve("report.bin")));
    }

    @Test
    void aClientThatNeverReadsItsPushEventsStallsNobodyElse() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        DaemonConfig b = TestDaemons.config(dir, "beta");
        start(a);
        Daemon db = start(b);
        Path src = Files.write(dir.resolve("big.bin"), new byte[64 * 1024 * 1024]);
        try (Uds silent = new Uds(a.socket())) {
            silent.send(pushRequest(db.port(), src));
            // silent never reads; the daemon keeps serving everyone else meanwhile
            for (int i = 0; i < 5; i++) {
                long t0 = System.nanoTime();
                assertTrue(Uds.ask(a.socket(), "{\"op\":\"status\"}").startsWith("{\"ok\":true"));
                assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "status took over 1 s");
            }
        }
    }

    @Test
    void pushesBeyondTheReceiversTransferLimitWaitTheirTurnInsteadOfFailing() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        DaemonConfig b0 = TestDaemons.config(dir, "beta");
        ReceiverLimits d = ReceiverLimits.defaults();
        DaemonConfig b =
                new DaemonConfig(
                        b0.name(),
                        0,
                        null,
                        b0.inbox(),
                        b0.socket(),
                        b0.stateDir(),
                        true,
                        b0.mdnsPort(),
                        List.of(),
                        List.of(),
                        new ReceiverLimits(
                                d.headerDeadline(),
                                d.idleTimeout(),
                                d.maxConnections(),
                                d.maxConnectionsPerAddress(),
                                1,
                                d.maxFileSize(),
                                0),
                        b0.accept(),
                        b0.notifications(),
                        b0.pendingTimeout());
        start(a);
        Daemon db = start(b);
        int n = 4;
        List<java.util.concurrent.Future<String>> results = new ArrayList<>();
        java.util.concurrent.ExecutorService pool =
                java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            for (int i = 0; i < n; i++) {
                Path src = Files.write(dir.resolve("f" + i + ".bin"), new byte[8 * 1024 * 1024]);
                results.add(
                        pool.submit(
                                () -> {
                                    try (Uds u = new Uds(a.socket())) {
                                        u.send(pushRequest(db.port(), src));
                                        List<String> ev = u.readEvents();
                                        return ev.get(ev.size() - 1);
                                    }
                                }));
            }
            for (java.util.concurrent.Future<String> r : results) {
                String last = r.get(50, SECONDS);
                assertTrue(last.contains("\"event\":\"done\""), last);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < n; i++) {
            assertEquals(8 * 1024 * 1024, Files.size(b.inbox().resolve("f" + i + ".bin")));
        }
    }

    @Test
    void thirtyTwoSimultaneousPushesIntoOneReceiverAllArrive() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        DaemonConfig b = TestDaemons.config(dir, "beta");
        start(a);
        Daemon db = start(b);
        int n = 32;
        List<Uds> clients = new ArrayList<>();
        try {
            List<String> requests = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Path src =
                        Files.write(dir.resolve("c" + i + ".bin"), new byte[4 * 1024 * 1024 + i]);
                requests.add(pushRequest(db.port(), src));
                clients.add(new Uds(a.socket()));
            }
            for (int i = 0; i < n; i++) { // all at once: a burst of sessions towards one receiver
                clients.get(i).send(requests.get(i));
            }
            for (Uds u : clients) {
                List<String> ev = u.readEvents();
                assertTrue(
                        ev.get(ev.size() - 1).contains("\"event\":\"done\""),
                        String.join("\n", ev));
            }
        } finally {
            for (Uds u : clients) {
                u.close();
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(4 * 1024 * 1024 + i, Files.size(b.inbox().resolve("c" + i + ".bin")));
        }
    }

    @Test
    void pushOfAMissingFileIsASourceErrorBeforeAnyConnection() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        start(a);
        try (Uds u = new Uds(a.socket())) {
            u.send(
                    "{\"op\":\"push\",\"peer\":\"127.0.0.1:1\",\"paths\":[\""
                            + dir.resolve("nope")
                            + "\"]}");
            String line = u.readEvents().get(0);
            assertTrue(line.contains("\"code\":\"source_error\""), line);
        }
    }

    @Test
    void pushToAnUnknownPeerListsWhatIsKnown() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        start(a);
        Path src = Files.writeString(dir.resolve("a.txt"), "hi");
        try (Uds u = new Uds(a.socket())) {
            u.send("{\"op\":\"push\",\"peer\":\"nosuchpeer\",\"paths\":[\"" + src + "\"]}");
            String line = u.readEvents().get(0);
            assertTrue(line.contains("\"code\":\"unknown_peer\""), line);
        }
    }

    @Test
    void twoDaemonsFindEachOtherOnLoopback() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        DaemonConfig b = TestDaemons.config(dir, "beta");
        start(a);
        start(b);
        await().atMost(20, SECONDS)
                .pollInterval(200, java.util.concurrent.TimeUnit.MILLISECONDS)
                .until(() -> peersOf(a).contains("\"name\":\"beta\""));
    }

    /**
     * Pushes again and returns what a read after the final event gives: -1 when the daemon closed.
     */
    private static int uAfterDone(DaemonConfig a, Daemon db, Path src) throws IOException {
        try (Uds u = new Uds(a.socket())) {
            u.send(pushRequest(db.port(), src));
            u.readEvents();
            return u.channel.read(java.nio.ByteBuffer.allocate(1));
        }
    }

    /** A push request line for {@code src} to the receiver on loopback port {@code port}. */
    private static String pushRequest(int port, Path src) {
        return "{\"op\":\"push\",\"peer\":\"127.0.0.1:" + port + "\",\"paths\":[\"" + src + "\"]}";
    }

    private static String peersOf(DaemonConfig c) throws IOException {
        return Uds.ask(c.socket(), "{\"op\":\"peers\"}");
    }
}
