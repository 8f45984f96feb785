package dev.tft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlReply;
import dev.tft.control.PeerView;
import dev.tft.control.PolicyView;
import dev.tft.control.StatusView;
import dev.tft.control.TransferView;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** {@code tft peers} and {@code tft status} against a scripted daemon on a real Unix socket. */
@Timeout(20)
class PeersAndStatusTest {
    @TempDir Path dir;

    /** SHA-256 of the empty input: a well-formed fingerprint. */
    static final String FP = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static PeerView peer(
            String name,
            List<String> addresses,
            String os,
            String state,
            Instant lastSeen,
            boolean conflict,
            boolean trusted) {
        return new PeerView(
                name,
                "id-" + name.length(),
                FP,
                addresses,
                5001,
                os,
                "1",
                state,
                lastSeen,
                lastSeen,
                conflict,
                "mdns",
                trusted);
    }

    static final List<PeerView> PEERS =
            List.of(
                    peer(
                            "zeta",
                            List.of("10.0.0.9"),
                            "linux",
                            "suspect",
                            Instant.parse("2026-11-27T00:55:00Z"),
                            false,
                            false),
                    peer(
                            "Laptop",
                            List.of("fe80::1%eth0", "10.0.0.5"),
                            "macos",
                            "up",
                            Instant.parse("2026-11-27T01:02:09Z"),
                            true,
                            true),
                    peer(
                            "evil\u001B[2J\nname\u202Egpj.exe",
                            List.of("10.0.0.6"),
                            "linux\u0007",
                            "up",
                            Instant.parse("2026-11-26T01:00:00Z"),
                            false,
                            false),
                    new PeerView(
                            "nas", "id-n", "", List.of(), 5002, "", "", "gone", null, null, false,
                            "static", false));

    @Test
    void peersTableIsSortedAlignedAndEscaped() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.peers(PEERS))) {
            CliHarness.Result r = CliHarness.run(sock, false, "peers");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals("", r.err());
            assertEquals(List.of("{\"op\":\"peers\"}"), d.requests);
            String expected =
                    String.join(
                            "\n",
                            "NAME                              TRUST  ADDRESS                   OS         LAST SEEN  STATE",
                            "evil\\x1B[2J\\x0Aname\\u{202E}gpj.…         10.0.0.6:5001             linux\\x07  1d ago     up",
                            "Laptop #id-6                      yes    [fe80::1%eth0]:5001 (+1)  macos      3s ago     up",
                            "nas                                      -                                    never      gone",
                            "zeta                                     10.0.0.9:5001             linux      7m ago     suspect",
                            "#id: several peers share this name; push by id (`tft push ID FILE`) or by address",
                            "");
            assertEquals(expected, r.out());
            assertFalse(r.out().contains("\u001B"), "no raw escape reaches the terminal");
            assertFalse(r.out().contains("\u202E"));
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void peersJsonIsAnArrayWithEveryField() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.peers(PEERS))) {
            CliHarness.Result r = CliHarness.run(sock, false, "peers", "--json");
            assertEquals(ExitCode.OK, r.code(), r.err());
            String json = r.out().trim();
            assertTrue(json.startsWith("[{\"name\":\"evil\\u001B[2J\\nname"), json);
            for (String field :
                    List.of(
                            "name",
                            "id",
                            "fingerprint",
                            "addresses",
                            "port",
                            "state",
                            "os",
                            "version",
                            "lastSeen",
                            "firstSeen",
                            "conflict",
                            "source",
                            "trusted")) {
                assertTrue(json.contains("\"" + field + "\":"), field);
            }
            // The array decodes back to the same (sorted) peers.
            ControlReply reply = ControlCodec.decodeReply("{\"ok\":true,\"peers\":" + json + "}");
            List<PeerView> decoded = ((ControlReply.PeerList) reply).peers();
            assertEquals(4, decoded.size());
            assertEquals(FP, decoded.get(0).fingerprint());
            assertEquals("", decoded.get(2).fingerprint(), "nas is static: no fingerprint");
            assertTrue(json.contains("\"id\":\"id-6\",\"fingerprint\":\"" + FP + "\","), json);
            assertTrue(decoded.get(1).trusted(), "Laptop is trusted");
            assertFalse(decoded.get(0).trusted());
            assertTrue(json.contains("\"source\":\"mdns\",\"trusted\":true}"), json);
            assertFalse(json.contains("\u001B"));
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void noPeersSaysWhatToDo() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.peers(List.of()))) {
            CliHarness.Result r = CliHarness.run(sock, false, "peers");
            assertEquals(ExitCode.OK, r.code());
            assertTrue(r.out().startsWith("no peers found yet"), r.out());
            assertEquals("[]\n", CliHarness.run(sock, false, "peers", "--json").out());
        }
    }

    static final StatusView STATUS =
            new StatusView(
                    "desk",
                    "id-0",
                    FP,
                    5001,
                    "/home/u/Downloads/tft",
                    "0.1.0",
                    7384,
                    List.of(new TransferView("in", "lap\u001Btop", "a.bin", 123, 456)),
                    new PolicyView(PolicyView.ASK, null));

    @Test
    void statusText() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.status(STATUS))) {
            CliHarness.Result r = CliHarness.run(sock, false, "status");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(
                    String.join(
                            "\n",
                            "name        desk",
                            "id          id-0",
                            "fingerprint e3b0 c442 98fc 1c14 9afb f4c8 996f b924 27ae 41e4 649b"
                                    + " 934c a495 991b 7852 b855",
                            "port        5001",
                            "inbox       /home/u/Downloads/tft",
                            "accept      ask",
                            "version     0.1.0",
                            "uptime      2h 03m",
                            "transfers   1",
                            "  from lap\\x1Btop  a.bin  123 B / 456 B (26%)",
                            ""),
                    r.out());
            assertEquals(List.of("{\"op\":\"status\"}"), d.requests);
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void statusJson() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.status(STATUS))) {
            CliHarness.Result r = CliHarness.run(sock, false, "status", "--json");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertEquals(ControlCodec.statusObject(STATUS) + "\n", r.out());
            assertTrue(
                    r.out()
                            .startsWith(
                                    "{\"name\":\"desk\",\"id\":\"id-0\",\"fingerprint\":\""
                                            + FP
                                            + "\",\"port\":5001,"),
                    r.out());
        }
    }

    static StatusView withPolicy(PolicyView policy) {
        return new StatusView(
                STATUS.name(),
                STATUS.id(),
                STATUS.fingerprint(),
                STATUS.port(),
                STATUS.inbox(),
                STATUS.version(),
                STATUS.uptimeSeconds(),
                List.of(),
                policy);
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void statusShowsTheOpenWindowInLocalTime() throws Exception {
        Path sock = dir.resolve("tft.sock");
        // CliHarness's clock is 2026-11-27T01:02:12Z in UTC.
        StatusView open =
                withPolicy(new PolicyView(PolicyView.ASK, Instant.parse("2026-11-27T01:12:12Z")));
        StatusView tomorrow =
                withPolicy(
                        new PolicyView(PolicyView.TRUSTED, Instant.parse("2026-11-28T00:30:00Z")));
        StatusView trusted = withPolicy(new PolicyView(PolicyView.TRUSTED, null));
        try (FakeDaemon d = FakeDaemon.replying(sock, ControlCodec.status(open))) {
            CliHarness.Result r = CliHarness.run(sock, false, "status");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(r.out().contains("\naccept      anyone (open until 01:12)\n"), r.out());
        }
        Path sock2 = dir.resolve("tft2.sock");
        try (FakeDaemon d = FakeDaemon.replying(sock2, ControlCodec.status(tomorrow))) {
            CliHarness.Result r = CliHarness.run(sock2, false, "status");
            assertTrue(
                    r.out().contains("\naccept      anyone (open until 2026-11-28 00:30)\n"),
                    r.out());
            CliHarness.Result json = CliHarness.run(sock2, false, "status", "--json");
            assertTrue(
                    json.out()
                            .endsWith(
                                    "\"policy\":{\"accept\":\"trusted\",\"openUntil\":"
                                            + "\"2026-11-28T00:30:00Z\"}}\n"),
                    json.out());
        }
        Path sock3 = dir.resolve("tft3.sock");
        try (FakeDaemon d = FakeDaemon.replying(sock3, ControlCodec.status(trusted))) {
            CliHarness.Result r = CliHarness.run(sock3, false, "status");
            assertTrue(r.out().contains("\naccept      trusted\n"), r.out());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void statusOfADaemonOlderThan03ShowsPolicyUnknown() throws Exception {
        Path sock = dir.resolve("tft.sock");
        String old =
                ControlCodec.status(STATUS)
                        .replace(",\"policy\":{\"accept\":\"ask\",\"openUntil\":null}", "");
        assertFalse(old.contains("policy"), old);
        try (FakeDaemon d = FakeDaemon.replying(sock, old)) {
            CliHarness.Result r = CliHarness.run(sock, false, "status");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(r.out().contains("\naccept      unknown\n"), r.out());
            CliHarness.Result json = CliHarness.run(sock, false, "status", "--json");
            assertTrue(json.out().endsWith(",\"policy\":null}\n"), json.out());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void peersOfADaemonOlderThan03AreNotTrusted() throws Exception {
        Path sock = dir.resolve("tft.sock");
        String old = ControlCodec.peers(PEERS).replace(",\"trusted\":true", ",\"x\":1");
        try (FakeDaemon d = FakeDaemon.replying(sock, old.replace(",\"trusted\":false", ""))) {
            CliHarness.Result r = CliHarness.run(sock, false, "peers");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertFalse(r.out().contains("yes"), r.out());
        }
    }

    @SuppressWarnings("try") // d is only held open while the CLI under test talks to it
    @Test
    void statusOfADaemonOlderThan02ShowsFingerprintUnknown() throws Exception {
        Path sock = dir.resolve("tft.sock");
        String old = ControlCodec.status(STATUS).replace("\"fingerprint\":\"" + FP + "\",", "");
        try (FakeDaemon d = FakeDaemon.replying(sock, old)) {
            CliHarness.Result r = CliHarness.run(sock, false, "status");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(r.out().contains("\nfingerprint unknown\n"), r.out());
        }
    }
}
