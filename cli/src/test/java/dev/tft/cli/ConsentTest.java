package dev.tft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.ControlReply;
import dev.tft.control.HistoryEntryView;
import dev.tft.control.OfferView;
import dev.tft.control.PeerRef;
import dev.tft.control.PolicyView;
import dev.tft.control.TrustedView;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * {@code pending}, {@code accept}, {@code reject}, {@code open}, {@code trust}, {@code untrust} and
 * {@code history} against a scripted daemon on a real Unix socket: the request each sends, what it
 * prints, {@code --json}, and its error paths. The harness clock is {@link CliHarness#NOW} in UTC.
 */
@Timeout(20)
class ConsentTest {
    @TempDir Path dir;
    Path sock;

    static final String FP = PeersAndStatusTest.FP;

    static final OfferView BRAVO =
            new OfferView(
                    "o-3",
                    new PeerRef("bravo", "id-b", "10.0.0.5:40123"),
                    false,
                    12,
                    12_345_678,
                    List.of("report.pdf", "dir/evil\u001B[2J\u202Etxt.exe", "c.txt"),
                    75,
                    225);
    static final OfferView LEGACY =
            new OfferView(
                    "o-4",
                    new PeerRef("", "", "10.0.0.9:51000"),
                    true,
                    1,
                    5,
                    List.of("notes.txt"),
                    3,
                    297);
    static final OfferView NAMELESS =
            new OfferView(
                    "o-5",
                    new PeerRef("", "0123456789abcdef", "10.0.0.7:40000"),
                    false,
                    0,
                    0,
                    List.of(),
                    3725,
                    0);

    static final TrustedView TRUSTED_BRAVO =
            new TrustedView("id-b-full", "bravo", FP, Instant.parse("2026-11-20T08:05:00Z"));
    static final TrustedView TRUSTED_EVIL =
            new TrustedView("id-e", "ev\u001B]0;il", FP, Instant.parse("2026-11-27T00:30:00Z"));

    @BeforeEach
    void socket() {
        sock = dir.resolve("tft.sock");
    }

    private static ControlError error(ControlError.Code code, String message, String... cands) {
        return new ControlError(code, message, List.of(cands));
    }

    // ---- pending

    @Test
    void pendingTableIsEscapedAndExplainsWhatToDo() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(sock, ControlCodec.offers(List.of(BRAVO, LEGACY, NAMELESS)))) {
            CliHarness.Result r = CliHarness.run(sock, false, "pending");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals("", r.err());
            assertEquals(List.of("{\"op\":\"pending\"}"), d.requests);
            assertEquals(
                    String.join(
                            "\n",
                            "OFFER  FROM                             FILES  SIZE     NAMES                                                AGE",
                            "o-3    bravo                            12     12.3 MB  report.pdf, dir/evil\\x1B[2J\\u{202E}txt.… (+10 more)  1m 15s",
                            "o-4    legacy push from 10.0.0.9:51000  1      5 B      notes.txt                                            3s",
                            "o-5    #01234567                        0      0 B      -                                                    1h 02m",
                            "`tft accept OFFER` stores one (--trust: and trusts its sender), `tft reject OFFER` refuses it",
                            ""),
                    r.out());
            assertFalse(r.out().contains("\u001B"), "no raw escape reaches the terminal");
            assertFalse(r.out().contains("\u202E"));
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void pendingEmptyAndJson() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.offers(List.of()))) {
            assertEquals("no pending offers\n", CliHarness.run(sock, false, "pending").out());
            assertEquals("[]\n", CliHarness.run(sock, false, "pending", "--json").out());
        }
        Path other = dir.resolve("b.sock");
        try (FakeDaemon d =
                FakeDaemon.replying(other, ControlCodec.offers(List.of(BRAVO, LEGACY)))) {
            CliHarness.Result r = CliHarness.run(other, false, "pending", "--json");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(ControlCodec.offerArray(List.of(BRAVO, LEGACY)) + "\n", r.out());
            ControlReply back =
                    ControlCodec.decodeReply("{\"ok\":true,\"offers\":" + r.out().trim() + "}");
            assertEquals(new ControlReply.OfferList(List.of(BRAVO, LEGACY)), back);
            assertFalse(r.out().contains("\u001B"), "JSON escapes controls");
        }
    }

    // ---- accept / reject

    @Test
    void acceptTheOnlyOffer() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.offer(BRAVO))) {
            CliHarness.Result r = CliHarness.run(sock, false, "accept");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals("accepted o-3 from bravo: 12 files, 12.3 MB\n", r.out());
            assertEquals(List.of("{\"op\":\"accept\"}"), d.requests);
        }
    }

    @Test
    void acceptByIdAndTrust() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.offer(BRAVO))) {
            CliHarness.Result r = CliHarness.run(sock, false, "accept", "--trust", "o-3");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(
                    "accepted o-3 from bravo: 12 files, 12.3 MB; trusting bravo from now on\n",
                    r.out());
            assertEquals(
                    List.of("{\"op\":\"accept\",\"offer\":\"o-3\",\"trust\":true}"), d.requests);
        }
    }

    @Test
    void acceptALegacyPush() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.offer(LEGACY))) {
            CliHarness.Result r = CliHarness.run(sock, false, "accept", "o-4");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals("accepted o-4, a legacy push from 10.0.0.9:51000: 1 file, 5 B\n", r.out());
            assertEquals(List.of("{\"op\":\"accept\",\"offer\":\"o-4\"}"), d.requests);
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void trustingALegacyPushIsRefusedByTheDaemon() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.error(
                                error(
                                        ControlError.Code.BAD_REQUEST,
                                        "o-4 is a legacy push: it carries no key to trust;"
                                                + " accept it without --trust")))) {
            CliHarness.Result r = CliHarness.run(sock, false, "accept", "o-4", "--trust");
            assertEquals(ExitCode.DATAERR, r.code());
            assertEquals(
                    "tft: o-4 is a legacy push: it carries no key to trust; accept it without"
                            + " --trust\n",
                    r.err());
            assertEquals("", r.out());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void ambiguousOfferListsTheIdsAndExits65() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.error(
                                error(
                                        ControlError.Code.AMBIGUOUS_OFFER,
                                        "2 offers are pending: name one",
                                        "o-3",
                                        "o-\u001B4")))) {
            for (String command : List.of("accept", "reject")) {
                CliHarness.Result r = CliHarness.run(sock, false, command);
                assertEquals(ExitCode.DATAERR, r.code());
                assertEquals(65, r.code().code());
                assertEquals(
                        "tft: 2 offers are pending: name one (pending offers: o-3, o-\\x1B4)\n",
                        r.err());
            }
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void noOfferListsWhatIsPendingAndExits65() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.error(
                                error(
                                        ControlError.Code.NO_OFFER,
                                        "no pending offer o-9",
                                        "o-3")))) {
            CliHarness.Result r = CliHarness.run(sock, false, "reject", "o-9");
            assertEquals(ExitCode.DATAERR, r.code());
            assertEquals("tft: no pending offer o-9 (pending offers: o-3)\n", r.err());
        }
        Path none = dir.resolve("none-pending.sock");
        try (FakeDaemon d =
                FakeDaemon.replying(
                        none,
                        ControlCodec.error(
                                error(ControlError.Code.NO_OFFER, "no pending offer")))) {
            CliHarness.Result r = CliHarness.run(none, false, "accept");
            assertEquals(ExitCode.DATAERR, r.code());
            assertEquals("tft: no pending offer (no offers are pending)\n", r.err());
        }
    }

    @Test
    void rejectByIdAndTheOnlyOne() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.offer(BRAVO))) {
            CliHarness.Result r = CliHarness.run(sock, false, "reject", "o-3");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals("rejected o-3 from bravo: 12 files, 12.3 MB\n", r.out());
            CliHarness.Result only = CliHarness.run(sock, false, "reject");
            assertEquals(ExitCode.OK, only.code(), only.err());
            assertEquals(
                    List.of("{\"op\":\"reject\",\"offer\":\"o-3\"}", "{\"op\":\"reject\"}"),
                    d.requests);
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void acceptGettingTheWrongReplyIsAProtocolError() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.ok())) {
            CliHarness.Result r = CliHarness.run(sock, false, "accept");
            assertEquals(ExitCode.PROTOCOL, r.code());
            assertTrue(r.err().startsWith("tft: unexpected reply from the daemon"), r.err());
        }
    }

    // ---- open

    @ParameterizedTest
    @CsvSource({
        "'',    600,   01:12, 10 minutes",
        "90,    90,    01:03, 1m 30s",
        "90s,   90,    01:03, 1m 30s",
        "45s,   45,    01:02, 45 seconds",
        "10m,   600,   01:12, 10 minutes",
        "1h,    3600,  02:02, 1 hour",
        "24h,   86400, 2026-11-28 01:02, 24 hours",
        "86400, 86400, 2026-11-28 01:02, 24 hours"
    })
    void openForADuration(String arg, int seconds, String until, String span) throws Exception {
        Instant end = CliHarness.NOW.plusSeconds(seconds);
        try (FakeDaemon d =
                FakeDaemon.replying(sock, ControlCodec.policy(new PolicyView("ask", end)))) {
            CliHarness.Result r =
                    arg.isEmpty()
                            ? CliHarness.run(sock, false, "open")
                            : CliHarness.run(sock, false, "open", arg);
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(
                    "accepting pushes from anyone until "
                            + until
                            + " ("
                            + span
                            + "); `tft open --off` to stop\n",
                    r.out());
            assertEquals(List.of("{\"op\":\"open\",\"seconds\":" + seconds + "}"), d.requests);
        }
    }

    @Test
    void openOff() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(sock, ControlCodec.policy(new PolicyView("trusted", null)))) {
            CliHarness.Result r = CliHarness.run(sock, false, "open", "--off");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals("open window closed; policy: trusted\n", r.out());
            assertEquals(List.of("{\"op\":\"open\",\"off\":true}"), d.requests);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "0,     'tft: DURATION must be 1s to 24h, not \"0\" (use e.g. 90s, 10m, 1h or plain seconds)'",
        "0m,    'tft: DURATION must be 1s to 24h, not \"0m\" (use e.g. 90s, 10m, 1h or plain seconds)'",
        "25h,   'tft: DURATION must be 1s to 24h, not \"25h\" (use e.g. 90s, 10m, 1h or plain seconds)'",
        "86401, 'tft: DURATION must be 1s to 24h, not \"86401\" (use e.g. 90s, 10m, 1h or plain seconds)'",
        "10x,   'tft: bad DURATION \"10x\" (use e.g. 90s, 10m, 1h or plain seconds)'",
        "m,     'tft: bad DURATION \"m\" (use e.g. 90s, 10m, 1h or plain seconds)'",
        "1.5h,  'tft: bad DURATION \"1.5h\" (use e.g. 90s, 10m, 1h or plain seconds)'",
        "10M,   'tft: bad DURATION \"10M\" (use e.g. 90s, 10m, 1h or plain seconds)'",
        "99999999999, 'tft: bad DURATION \"99999999999\" (use e.g. 90s, 10m, 1h or plain seconds)'"
    })
    void badDurationsAreUsageErrors(String arg, String message) throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(sock, ControlCodec.policy(PolicyView.PRE_CONSENT))) {
            CliHarness.Result r = CliHarness.run(sock, false, "open", arg);
            assertEquals(ExitCode.USAGE, r.code());
            assertEquals(message + ": run `tft help open` for usage\n", r.err());
            assertTrue(d.requests.isEmpty(), "daemon not contacted");
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void openWithoutAWindowInTheReplyIsAProtocolError() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(sock, ControlCodec.policy(new PolicyView("ask", null)))) {
            CliHarness.Result r = CliHarness.run(sock, false, "open", "5m");
            assertEquals(ExitCode.PROTOCOL, r.code());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().startsWith("tft: the daemon did not open the window"), r.err());
        }
    }

    // ---- trust / untrust

    @Test
    void trustListIsATableWithFullIdsAndGroupedFingerprints() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock, ControlCodec.trusted(List.of(TRUSTED_BRAVO, TRUSTED_EVIL)))) {
            CliHarness.Result r = CliHarness.run(sock, false, "trust");
            assertEquals(ExitCode.OK, r.code(), r.err());
            String blocks = Format.hexBlocks(FP);
            assertEquals(
                    String.join(
                            "\n",
                            "NAME         ID         FINGERPRINT"
                                    + " ".repeat(blocks.length() - 9)
                                    + "SINCE",
                            "bravo        id-b-full  " + blocks + "  2026-11-20 08:05",
                            "ev\\x1B]0;il  id-e       " + blocks + "  00:30",
                            ""),
                    r.out());
            assertEquals(List.of("{\"op\":\"trusted\"}"), d.requests);
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void trustListEmptyAndJson() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.trusted(List.of()))) {
            CliHarness.Result r = CliHarness.run(sock, false, "trust");
            assertTrue(r.out().startsWith("nothing is trusted yet: `tft trust PEER`"), r.out());
            assertEquals("[]\n", CliHarness.run(sock, false, "trust", "--json").out());
        }
        Path other = dir.resolve("b.sock");
        try (FakeDaemon d =
                FakeDaemon.replying(other, ControlCodec.trusted(List.of(TRUSTED_BRAVO)))) {
            CliHarness.Result r = CliHarness.run(other, false, "trust", "--json");
            assertEquals(ControlCodec.trustedArray(List.of(TRUSTED_BRAVO)) + "\n", r.out());
        }
    }

    @Test
    void trustAPeerPrintsItsFingerprint() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(sock, ControlCodec.trusted(List.of(TRUSTED_BRAVO)))) {
            CliHarness.Result r = CliHarness.run(sock, false, "trust", "bravo");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(
                    "trusted bravo, fingerprint e3b0 c442 98fc 1c14 9afb f4c8 996f b924 27ae 41e4"
                            + " 649b 934c a495 991b 7852 b855\n",
                    r.out());
            assertEquals(List.of("{\"op\":\"trust\",\"peer\":\"bravo\"}"), d.requests);
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void trustAnUnknownPeer() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.error(
                                error(
                                        ControlError.Code.UNKNOWN_PEER,
                                        "no peer named 'zulu'",
                                        "bravo")))) {
            CliHarness.Result r = CliHarness.run(sock, false, "trust", "zulu");
            assertEquals(ExitCode.NOHOST, r.code());
            assertEquals("tft: no peer named 'zulu' (known peers: bravo)\n", r.err());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void trustReplyWithoutExactlyOneEntryIsAProtocolError() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.trusted(List.of()))) {
            assertEquals(ExitCode.PROTOCOL, CliHarness.run(sock, false, "trust", "bravo").code());
            assertEquals(ExitCode.PROTOCOL, CliHarness.run(sock, false, "untrust", "bravo").code());
        }
    }

    @Test
    void untrust() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(sock, ControlCodec.trusted(List.of(TRUSTED_EVIL)))) {
            CliHarness.Result r = CliHarness.run(sock, false, "untrust", "id-e12");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(
                    "untrusted ev\\x1B]0;il, fingerprint " + Format.hexBlocks(FP) + "\n", r.out());
            assertEquals(List.of("{\"op\":\"untrust\",\"peer\":\"id-e12\"}"), d.requests);
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void untrustOfSomethingNotTrustedListsTheTrustedAndExits68() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.error(
                                error(
                                        ControlError.Code.NOT_TRUSTED,
                                        "nothing trusted matches 'zulu'",
                                        "bravo",
                                        "ev\u001Bil")))) {
            CliHarness.Result r = CliHarness.run(sock, false, "untrust", "zulu");
            assertEquals(ExitCode.NOHOST, r.code());
            assertEquals(
                    "tft: nothing trusted matches 'zulu' (trusted peers: bravo, ev\\x1Bil)\n",
                    r.err());
        }
        Path empty = dir.resolve("e.sock");
        try (FakeDaemon d =
                FakeDaemon.replying(
                        empty,
                        ControlCodec.error(
                                error(
                                        ControlError.Code.NOT_TRUSTED,
                                        "nothing trusted matches 'z'")))) {
            CliHarness.Result r = CliHarness.run(empty, false, "untrust", "z");
            assertEquals("tft: nothing trusted matches 'z' (nothing is trusted yet)\n", r.err());
        }
    }

    // ---- history

    static final List<HistoryEntryView> HISTORY =
            List.of(
                    new HistoryEntryView(
                            Instant.parse("2026-11-27T01:00:00Z"),
                            "in",
                            new PeerRef("bravo", "id-b", "10.0.0.5:40123"),
                            false,
                            5,
                            3000,
                            HistoryEntryView.STORED,
                            List.of("a.txt", "b (1).txt", "c\u001B.txt", "d", "e"),
                            ""),
                    new HistoryEntryView(
                            Instant.parse("2026-11-26T23:59:00Z"),
                            "out",
                            new PeerRef("charlie", "id-c", "10.0.0.7:5001"),
                            false,
                            1,
                            5,
                            HistoryEntryView.REJECTED,
                            List.of(),
                            "charlie refused the push:\nrejected by its owner"),
                    new HistoryEntryView(
                            Instant.parse("2026-11-26T20:00:00Z"),
                            "in",
                            new PeerRef("", "", "10.0.0.9:51000"),
                            true,
                            1,
                            1_500_000,
                            HistoryEntryView.FAILED,
                            List.of(),
                            ""));

    @Test
    void historyTable() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.history(HISTORY))) {
            CliHarness.Result r = CliHarness.run(sock, false, "history");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(List.of("{\"op\":\"history\",\"limit\":20}"), d.requests);
            assertEquals(
                    String.join(
                            "\n",
                            "TIME              DIR  PEER                   FILES  SIZE    RESULT    NAMES",
                            "01:00             in   bravo                  5      3.0 KB  stored    a.txt, b (1).txt, c\\x1B.txt, d, e",
                            "2026-11-26 23:59  out  charlie                1      5 B     rejected  charlie refused the push:\\x0Arejected by its owner",
                            "2026-11-26 20:00  in   legacy 10.0.0.9:51000  1      1.5 MB  failed    -",
                            ""),
                    r.out());
        }
    }

    @Test
    void historyLimitAndJson() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.history(HISTORY))) {
            CliHarness.Result r = CliHarness.run(sock, false, "history", "--json", "-n", "3");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(ControlCodec.historyArray(HISTORY) + "\n", r.out());
            assertEquals(List.of("{\"op\":\"history\",\"limit\":3}"), d.requests);
            CliHarness.Result max = CliHarness.run(sock, false, "history", "-n", "10000");
            assertEquals(ExitCode.OK, max.code(), max.err());
            assertEquals("{\"op\":\"history\",\"limit\":10000}", d.requests.get(1));
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void historyEmpty() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.history(List.of()))) {
            assertEquals("no pushes yet\n", CliHarness.run(sock, false, "history").out());
            assertEquals("[]\n", CliHarness.run(sock, false, "history", "--json").out());
        }
    }

    @ParameterizedTest
    @CsvSource({"0", "10001", "-1", "ten", "''", "1e3", "123456"})
    void historyBadLimitIsAUsageError(String n) throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.history(List.of()))) {
            CliHarness.Result r = CliHarness.run(sock, false, "history", "-n", n);
            assertEquals(ExitCode.USAGE, r.code());
            assertEquals(
                    "tft: -n takes a number from 1 to 10000, not \""
                            + n
                            + "\": run `tft help history` for usage\n",
                    r.err());
            assertTrue(d.requests.isEmpty(), "daemon not contacted");
        }
    }

    // ---- shared error paths

    @Test
    void everyNewCommandReportsADaemonThatIsNotRunning() {
        for (String[] args :
                List.of(
                        new String[] {"pending"},
                        new String[] {"accept"},
                        new String[] {"reject", "o-1"},
                        new String[] {"open"},
                        new String[] {"open", "--off"},
                        new String[] {"trust"},
                        new String[] {"trust", "bravo"},
                        new String[] {"untrust", "bravo"},
                        new String[] {"history"})) {
            CliHarness.Result r = CliHarness.run(sock, false, args);
            assertEquals(ExitCode.UNAVAILABLE, r.code(), args[0]);
            assertTrue(r.err().startsWith("tft: the tft daemon is not running"), r.err());
            assertEquals("", r.out());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void everyNewCommandTreatsAGarbledReplyAsAProtocolError() throws Exception {
        try (FakeDaemon d = FakeDaemon.replying(sock, "{\"ok\":true,\"offers\":[{\"id\":1}]}")) {
            for (String[] args :
                    List.of(
                            new String[] {"pending"},
                            new String[] {"accept"},
                            new String[] {"reject"},
                            new String[] {"open"},
                            new String[] {"trust"},
                            new String[] {"untrust", "x"},
                            new String[] {"history"})) {
                CliHarness.Result r = CliHarness.run(sock, false, args);
                assertEquals(ExitCode.PROTOCOL, r.code(), args[0]);
                assertTrue(r.err().startsWith("tft: garbled reply from the daemon"), r.err());
                assertEquals(1, r.err().lines().count());
            }
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void anOlderDaemonAnswersUnknownOp() throws Exception {
        try (FakeDaemon d =
                FakeDaemon.replying(
                        sock,
                        ControlCodec.error(
                                error(
                                        ControlError.Code.UNKNOWN_OP,
                                        "unknown op \"pending\" (this daemon speaks status, peers,"
                                                + " push, cancel)")))) {
            CliHarness.Result r = CliHarness.run(sock, false, "pending");
            assertEquals(ExitCode.SOFTWARE, r.code());
            assertEquals(
                    "tft: unknown op \"pending\" (this daemon speaks status, peers, push, cancel):"
                            + " the daemon is older than this tft; restart it after upgrading\n",
                    r.err());
        }
    }
}
