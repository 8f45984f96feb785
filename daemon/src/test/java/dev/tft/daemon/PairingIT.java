package dev.tft.daemon;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static java.util.concurrent.TimeUnit.SECONDS;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tft pair} between two real daemons (loopback mDNS), both owners answering over their
 * control sockets as the CLI does: both see one code; both yes → each trusts the other, and pushes
 * between them are stored without asking; one no → neither trusts.
 */
@Timeout(120)
class PairingIT {
    private static final Pattern CODE = Pattern.compile("\"code\":\"([0-9]{6})\"");

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

    /** Runs {@code pair PEER} on {@code c}, answering {@code yes} to the code; all event lines. */
    private Future<List<String>> pair(DaemonConfig c, String peer, boolean yes) {
        return pool.submit(
                () -> {
                    List<String> events = new ArrayList<>();
                    try (Uds u = new Uds(c.socket())) {
                        u.send("{\"op\":\"pair\",\"peer\":\"" + peer + "\"}");
                        while (true) {
                            String line = u.read();
                            if (line == null) {
                                return events;
                            }
                            events.add(line);
                            if (line.contains("\"event\":\"code\"")) {
                                u.send("{\"op\":\"confirm\",\"yes\":" + yes + "}");
                            }
                            if (line.contains("\"event\":\"paired\"")
                                    || line.contains("\"event\":\"error\"")) {
                                return events;
                            }
                        }
                    }
                });
    }

    private static String code(List<String> events) {
        for (String e : events) {
            Matcher m = CODE.matcher(e);
            if (m.find()) {
                return m.group(1);
            }
        }
        throw new AssertionError("no code in " + events);
    }

    private void bothSeeEachOther(DaemonConfig a, DaemonConfig b) {
        await().atMost(30, SECONDS)
                .until(
                        () ->
                                Uds.ask(a.socket(), "{\"op\":\"peers\"}")
                                                .contains("\"name\":\"bravo\"")
                                        && Uds.ask(b.socket(), "{\"op\":\"peers\"}")
                                                .contains("\"name\":\"alpha\""));
    }

    @Test
    void bothOwnersConfirmTheSameCodeAndThenPushesGoStraightIn() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha", AcceptPolicy.ASK);
        DaemonConfig b = TestDaemons.config(dir, "bravo", AcceptPolicy.ASK);
        Daemon da = start(a);
        Daemon db = start(b);
        bothSeeEachOther(a, b);
        Future<List<String>> onA = pair(a, "bravo", true);
        Future<List<String>> onB = pair(b, "alpha", true);
        List<String> ea = onA.get(60, SECONDS);
        List<String> eb = onB.get(60, SECONDS);
        assertTrue(ea.get(ea.size() - 1).contains("\"event\":\"paired\""), ea::toString);
        assertTrue(eb.get(eb.size() - 1).contains("\"event\":\"paired\""), eb::toString);
        assertEquals(code(ea), code(eb), "both screens show one code");
        assertTrue(Uds.ask(a.socket(), "{\"op\":\"trusted\"}").contains(db.id().value()));
        assertTrue(Uds.ask(b.socket(), "{\"op\":\"trusted\"}").contains(da.id().value()));

        Path src = Files.writeString(dir.resolve("after-pairing.txt"), "trusted now\n");
        try (Uds u = new Uds(a.socket())) {
            u.send("{\"op\":\"push\",\"peer\":\"bravo\",\"paths\":[\"" + src + "\"]}");
            List<String> events = u.readEvents();
            assertTrue(
                    events.get(events.size() - 1).contains("\"event\":\"done\""), events::toString);
            assertTrue(events.stream().noneMatch(e -> e.contains("\"event\":\"waiting\"")));
        }
        assertEquals("trusted now\n", Files.readString(b.inbox().resolve("after-pairing.txt")));
    }

    @Test
    void oneOwnerDecliningLeavesNeitherSideTrusted() throws Exception {
        DaemonConfig a = TestDaemons.config(dir, "alpha", AcceptPolicy.ASK);
        DaemonConfig b = TestDaemons.config(dir, "bravo", AcceptPolicy.ASK);
        start(a);
        start(b);
        bothSeeEachOther(a, b);
        Future<List<String>> onA = pair(a, "bravo", true);
        Future<List<String>> onB = pair(b, "alpha", false);
        List<String> ea = onA.get(60, SECONDS);
        List<String> eb = onB.get(60, SECONDS);
        assertTrue(ea.get(ea.size() - 1).contains("\"code\":\"rejected\""), ea::toString);
        assertTrue(eb.get(eb.size() - 1).contains("\"code\":\"rejected\""), eb::toString);
        assertFalse(Uds.ask(a.socket(), "{\"op\":\"trusted\"}").contains("\"id\""));
        assertFalse(Uds.ask(b.socket(), "{\"op\":\"trusted\"}").contains("\"id\""));
    }
}
