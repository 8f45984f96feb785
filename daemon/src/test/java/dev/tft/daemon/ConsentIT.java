package dev.tft.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.util.concurrent.TimeUnit.SECONDS;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Consent end to end: two real daemons (loopback), the receiver under policy ask or trusted, driven
 * over their control sockets as the CLI does: pending offers, accept (--trust), reject, open,
 * untrust, history.
 */
@Timeout(90)
class ConsentIT {
    @TempDir Path dir;
    private final List<Daemon> daemons = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
        daemons.forEach(Daemon::close);
    }

    private Daemon start(DaemonConfig c) throws Exception {
        Daemon d = TestDaemons.start(c);
        daemons.add(d);
        return d;
    }

    private Future<List<String>> push(DaemonConfig from, int port, Path src) {
        return pool.submit(
                () -> {
                    try (Uds u = new Uds(from.socket())) {
                        u.send(
                                "{\"op\":\"push\",\"peer\":\"127.0.0.1:"
                                        + port
                                        + "\",\"paths\":[\""
                                        + src
                                        + "\"]}");
                        return u.readEvents();
                    }
                });
    }

    private static String last(List<String> events) {
        return events.get(events.size() - 1);
    }

    private Path file(String name, int size) throws Exception {
        byte[] b = new byte[size];
        new java.util.Random(name.hashCode()).nextBytes(b);
        return Files.write(dir.resolve(name), b);
    }

    @Test
    void firstContactIsHeldThenAcceptedWithTrustAndTheNextPushGoesStraightIn() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        DaemonConfig b = TestDaemons.config(dir, "bravo", AcceptPolicy.ASK);
        Daemon da = start(a);
        Daemon db = start(b);
        Path src = file("report.pdf", 200_000);
        Future<List<String>> first = push(a, db.port(), src);
        await().atMost(20, SECONDS)
                .until(() -> Uds.ask(b.socket(), "{\"op\":\"pending\"}").contains("report.pdf"));
        String pending = Uds.ask(b.socket(), "{\"op\":\"pending\"}");
        assertTrue(pending.contains(da.id().value()), pending);
        assertFalse(Files.list(b.inbox()).findAny().isPresent(), "nothing on disk while held");
        String accepted = Uds.ask(b.socket(), "{\"op\":\"accept\",\"trust\":true}");
        assertTrue(accepted.startsWith("{\"ok\":true,\"offer\""), accepted);
        List<String> events = first.get(30, SECONDS);
        assertTrue(
                events.stream().anyMatch(e -> e.contains("\"event\":\"waiting\"")),
                events::toString);
        assertTrue(last(events).contains("\"event\":\"done\""), events::toString);
        assertArrayEquals(
                Files.readAllBytes(src), Files.readAllBytes(b.inbox().resolve("report.pdf")));

        String trusted = Uds.ask(b.socket(), "{\"op\":\"trusted\"}");
        assertTrue(trusted.contains(da.id().value()), trusted);
        assertTrue(trusted.contains(da.fingerprint()), trusted);

        List<String> second = push(a, db.port(), file("second.txt", 10)).get(30, SECONDS);
        assertTrue(last(second).contains("\"event\":\"done\""), second::toString);
        assertTrue(second.stream().noneMatch(e -> e.contains("\"event\":\"waiting\"")));

        await().atMost(10, SECONDS)
                .until(
                        () -> {
                            String h = Uds.ask(b.socket(), "{\"op\":\"history\",\"limit\":10}");
                            return h.contains("second.txt") && h.contains("report.pdf");
                        });
        String sent = Uds.ask(a.socket(), "{\"op\":\"history\"}");
        assertTrue(sent.contains("\"direction\":\"out\""), sent);

        // Untrusted again: the next push waits for the owner once more.
        assertTrue(
                Uds.ask(b.socket(), "{\"op\":\"untrust\",\"peer\":\"" + da.id().value() + "\"}")
                        .startsWith("{\"ok\":true"));
        Future<List<String>> third = push(a, db.port(), file("third.txt", 10));
        await().atMost(20, SECONDS)
                .until(() -> Uds.ask(b.socket(), "{\"op\":\"pending\"}").contains("third.txt"));
        Uds.ask(b.socket(), "{\"op\":\"reject\"}");
        assertTrue(last(third.get(30, SECONDS)).contains("\"code\":\"rejected\""));
    }

    @Test
    void aRejectedPushStoresNothingAndTheSenderHearsRejected() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        DaemonConfig b = TestDaemons.config(dir, "bravo", AcceptPolicy.ASK);
        start(a);
        Daemon db = start(b);
        Future<List<String>> p = push(a, db.port(), file("nope.bin", 1000));
        await().atMost(20, SECONDS)
                .until(() -> Uds.ask(b.socket(), "{\"op\":\"pending\"}").contains("nope.bin"));
        String r = Uds.ask(b.socket(), "{\"op\":\"reject\"}");
        assertTrue(r.startsWith("{\"ok\":true"), r);
        String end = last(p.get(30, SECONDS));
        assertTrue(end.contains("\"code\":\"rejected\""), end);
        assertTrue(end.contains("did not accept the push"), end);
        assertEquals(List.of(), Files.list(b.inbox()).toList());
        assertTrue(Uds.ask(b.socket(), "{\"op\":\"reject\"}").contains("\"code\":\"no_offer\""));
        await().atMost(10, SECONDS)
                .until(
                        () ->
                                Uds.ask(b.socket(), "{\"op\":\"history\"}")
                                        .contains("\"result\":\"rejected\""));
    }

    @Test
    void policyTrustedRefusesStrangersBeforeAnyPayload() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha");
        DaemonConfig b = TestDaemons.config(dir, "bravo", AcceptPolicy.TRUSTED);
        start(a);
        Daemon db = start(b);
        String end = last(push(a, db.port(), file("x.bin", 10)).get(30, SECONDS));
        assertTrue(end.contains("\"code\":\"rejected\""), end);
        assertTrue(end.contains("trusted peers only"), end);
        assertEquals(List.of(), Files.list(b.inbox()).toList());
        String status = Uds.ask(b.socket(), "{\"op\":\"status\"}");
        assertTrue(status.contains("\"accept\":\"trusted\""), status);
    }

    @Test
    void aLegacyPushWaitsForTheOwnerAndOpenLetsTheNextOneThrough() throws Exception {
        DaemonConfig b = TestDaemons.config(dir, "bravo", AcceptPolicy.ASK);
        Daemon db = start(b);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), db.port())) {
            legacy(s.getOutputStream(), "held.txt", "wait for me\n");
            await().atMost(20, SECONDS)
                    .until(() -> Uds.ask(b.socket(), "{\"op\":\"pending\"}").contains("held.txt"));
            String bad = Uds.ask(b.socket(), "{\"op\":\"accept\",\"trust\":true}");
            assertTrue(bad.contains("\"code\":\"bad_request\""), bad);
            assertTrue(Uds.ask(b.socket(), "{\"op\":\"accept\"}").startsWith("{\"ok\":true"));
            await().atMost(20, SECONDS).until(() -> Files.exists(b.inbox().resolve("held.txt")));
        }
        String open = Uds.ask(b.socket(), "{\"op\":\"open\",\"seconds\":60}");
        assertTrue(open.contains("\"openUntil\":\"20"), open);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), db.port())) {
            legacy(s.getOutputStream(), "open.txt", "straight in\n");
        }
        await().atMost(20, SECONDS).until(() -> Files.exists(b.inbox().resolve("open.txt")));
        assertTrue(
                Uds.ask(b.socket(), "{\"op\":\"open\",\"off\":true}")
                        .contains("\"openUntil\":null"));
    }

    private static void legacy(OutputStream out, String name, String body) throws Exception {
        byte[] data = body.getBytes(StandardCharsets.UTF_8);
        out.write(
                String.format("%-1024s", name + "|" + data.length)
                        .getBytes(StandardCharsets.UTF_8));
        out.write(data);
        out.flush();
    }
}
