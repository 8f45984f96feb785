package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** Every message encodes to an exact, documented line and decodes back to an equal value. */
@Timeout(10)
class ControlCodecGoldenTest {

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of(new ControlRequest.Status(), "{\"op\":\"status\"}"),
                Arguments.of(new ControlRequest.Peers(), "{\"op\":\"peers\"}"),
                Arguments.of(
                        new ControlRequest.Push("laptop", List.of("/abs/report.pdf", "/abs/dir")),
                        "{\"op\":\"push\",\"peer\":\"laptop\",\"paths\":[\"/abs/report.pdf\",\"/abs/dir\"]}"),
                Arguments.of(
                        new ControlRequest.Push("10.0.0.5:5001", List.of("/abs/r.pdf"), true),
                        "{\"op\":\"push\",\"raw\":true,\"peer\":\"10.0.0.5:5001\",\"paths\":[\"/abs/r.pdf\"]}"),
                Arguments.of(
                        new ControlRequest.Push("bü\"r\no", List.of("/é/\u202Ex")),
                        "{\"op\":\"push\",\"peer\":\"bü\\\"r\\no\",\"paths\":[\"/é/\u202Ex\"]}"),
                Arguments.of(
                        new ControlRequest.Cancel("p-7"), "{\"op\":\"cancel\",\"push\":\"p-7\"}"),
                Arguments.of(new ControlRequest.Pending(), "{\"op\":\"pending\"}"),
                Arguments.of(new ControlRequest.Accept("", false), "{\"op\":\"accept\"}"),
                Arguments.of(
                        new ControlRequest.Accept("o-3", false),
                        "{\"op\":\"accept\",\"offer\":\"o-3\"}"),
                Arguments.of(
                        new ControlRequest.Accept("o-3", true),
                        "{\"op\":\"accept\",\"offer\":\"o-3\",\"trust\":true}"),
                Arguments.of(
                        new ControlRequest.Accept("", true), "{\"op\":\"accept\",\"trust\":true}"),
                Arguments.of(new ControlRequest.Reject(""), "{\"op\":\"reject\"}"),
                Arguments.of(
                        new ControlRequest.Reject("o-3"), "{\"op\":\"reject\",\"offer\":\"o-3\"}"),
                Arguments.of(new ControlRequest.Open(600), "{\"op\":\"open\",\"seconds\":600}"),
                Arguments.of(
                        new ControlRequest.Open(86_400), "{\"op\":\"open\",\"seconds\":86400}"),
                Arguments.of(ControlRequest.Open.close(), "{\"op\":\"open\",\"off\":true}"),
                Arguments.of(new ControlRequest.Trusted(), "{\"op\":\"trusted\"}"),
                Arguments.of(
                        new ControlRequest.Trust("bravo"), "{\"op\":\"trust\",\"peer\":\"bravo\"}"),
                Arguments.of(
                        new ControlRequest.Untrust("3f9a1c"),
                        "{\"op\":\"untrust\",\"peer\":\"3f9a1c\"}"),
                Arguments.of(new ControlRequest.History(), "{\"op\":\"history\",\"limit\":20}"),
                Arguments.of(
                        new ControlRequest.History(10_000),
                        "{\"op\":\"history\",\"limit\":10000}"));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void requestGolden(ControlRequest request, String line) throws ControlException {
        assertEquals(line, ControlCodec.encodeRequest(request));
        assertEquals(request, ControlCodec.decodeRequest(line));
    }

    @Test
    void requestIgnoresUnknownFieldsAndAcceptsVersion1() throws ControlException {
        assertEquals(
                new ControlRequest.Peers(),
                ControlCodec.decodeRequest(
                        "{\"v\":1,\"op\":\"peers\",\"future\":{\"x\":[1,2.5,null]}}"));
        assertEquals(
                new ControlRequest.Push("a", List.of("/x")),
                ControlCodec.decodeRequest(
                        "{\"paths\":[\"/x\"],\"raw\":false,\"op\":\"push\",\"peer\":\"a\"}"));
    }

    @Test
    void requestDefaults() throws ControlException {
        assertEquals(
                new ControlRequest.History(20), ControlCodec.decodeRequest("{\"op\":\"history\"}"));
        assertEquals(
                new ControlRequest.Accept("o-1", false),
                ControlCodec.decodeRequest(
                        "{\"op\":\"accept\",\"offer\":\"o-1\",\"trust\":false}"));
        assertEquals(
                new ControlRequest.Open(5),
                ControlCodec.decodeRequest("{\"op\":\"open\",\"off\":false,\"seconds\":5}"));
        assertTrue(ControlRequest.Open.close().off());
        assertFalse(new ControlRequest.Open(1).off());
    }

    /** SHA-256 of the empty input: a well-formed fingerprint. */
    static final String FP = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    static final PeerView LAPTOP =
            new PeerView(
                    "laptop",
                    "id-1",
                    FP,
                    List.of("10.0.0.5", "fe80::1%eth0"),
                    5001,
                    "linux",
                    "1",
                    "up",
                    Instant.parse("2026-11-27T01:02:03Z"),
                    Instant.parse("2026-11-27T01:02:09Z"),
                    false,
                    "mdns",
                    true);
    static final PeerView STATIC =
            new PeerView(
                    "nas", "id-2", "", List.of(), 5002, "", "", "gone", null, null, true, "static",
                    false);

    static final String LAPTOP_JSON =
            "{\"name\":\"laptop\",\"id\":\"id-1\",\"fingerprint\":\""
                    + FP
                    + "\",\"addresses\":"
                    + "[\"10.0.0.5\",\"fe80::1%eth0\"],\"port\":5001,\"os\":\"linux\",\"version\":\"1\","
                    + "\"state\":\"up\",\"firstSeen\":\"2026-11-27T01:02:03Z\","
                    + "\"lastSeen\":\"2026-11-27T01:02:09Z\",\"conflict\":false,\"source\":\"mdns\","
                    + "\"trusted\":true}";
    static final String STATIC_JSON =
            "{\"name\":\"nas\",\"id\":\"id-2\",\"fingerprint\":\"\",\"addresses\":[],"
                    + "\"port\":5002,\"os\":\"\",\"version\":\"\",\"state\":\"gone\",\"firstSeen\":null,"
                    + "\"lastSeen\":null,\"conflict\":true,\"source\":\"static\",\"trusted\":false}";

    static final StatusView STATUS =
            new StatusView(
                    "desk",
                    "id-0",
                    FP,
                    5001,
                    "/home/u/Downloads/tft",
                    "0.1.0",
                    12,
                    List.of(new TransferView("in", "laptop", "a.bin", 123, 456)),
                    new PolicyView("ask", Instant.parse("2026-11-27T01:12:03Z")));
    static final String STATUS_JSON =
            "{\"ok\":true,\"status\":{\"name\":\"desk\",\"id\":\"id-0\",\"fingerprint\":\""
                    + FP
                    + "\",\"port\":5001,\"inbox\":\"/home/u/Downloads/tft\",\"version\":\"0.1.0\","
                    + "\"uptimeSeconds\":12,\"transfers\":[{\"direction\":\"in\",\"peer\":\"laptop\","
                    + "\"file\":\"a.bin\",\"bytes\":123,\"size\":456}],"
                    + "\"policy\":{\"accept\":\"ask\",\"openUntil\":\"2026-11-27T01:12:03Z\"}}}";

    static final OfferView OFFER =
            new OfferView(
                    "o-3",
                    new PeerRef("bravo", "id-1", "10.0.0.5:40123"),
                    false,
                    12,
                    12_345_678,
                    List.of("report.pdf", "dir/a.txt", "\u202Egpj.exe"),
                    7,
                    293);
    static final String OFFER_JSON =
            "{\"id\":\"o-3\",\"peer\":{\"name\":\"bravo\",\"id\":\"id-1\",\"address\":"
                    + "\"10.0.0.5:40123\"},\"legacy\":false,\"files\":12,\"bytes\":12345678,"
                    + "\"names\":[\"report.pdf\",\"dir/a.txt\",\"\u202Egpj.exe\"],\"ageSeconds\":7,"
                    + "\"expiresInSeconds\":293}";
    static final OfferView LEGACY_OFFER =
            new OfferView(
                    "o-4", new PeerRef("", "", "10.0.0.9:51000"), true, 1, 0, List.of("x"), 0, 300);
    static final String LEGACY_OFFER_JSON =
            "{\"id\":\"o-4\",\"peer\":{\"name\":\"\",\"id\":\"\",\"address\":\"10.0.0.9:51000\"},"
                    + "\"legacy\":true,\"files\":1,\"bytes\":0,\"names\":[\"x\"],\"ageSeconds\":0,"
                    + "\"expiresInSeconds\":300}";

    static final TrustedView TRUSTED =
            new TrustedView("id-1", "bravo", FP, Instant.parse("2026-11-20T08:00:00Z"));
    static final String TRUSTED_JSON =
            "{\"id\":\"id-1\",\"name\":\"bravo\",\"fingerprint\":\""
                    + FP
                    + "\",\"since\":\"2026-11-20T08:00:00Z\"}";

    static final HistoryEntryView IN =
            new HistoryEntryView(
                    Instant.parse("2026-11-27T01:00:00.250Z"),
                    "in",
                    new PeerRef("bravo", "id-1", "10.0.0.5:40123"),
                    false,
                    2,
                    300,
                    "stored",
                    List.of("a.txt", "b (1).txt"),
                    "");
    static final String IN_JSON =
            "{\"time\":\"2026-11-27T01:00:00.250Z\",\"direction\":\"in\",\"peer\":{\"name\":"
                    + "\"bravo\",\"id\":\"id-1\",\"address\":\"10.0.0.5:40123\"},\"legacy\":false,"
                    + "\"files\":2,\"bytes\":300,\"result\":\"stored\",\"stored\":[\"a.txt\","
                    + "\"b (1).txt\"],\"message\":\"\"}";
    static final HistoryEntryView OUT =
            new HistoryEntryView(
                    Instant.parse("2026-11-26T23:59:59Z"),
                    "out",
                    new PeerRef("charlie", "id-9", "10.0.0.7:5001"),
                    false,
                    1,
                    5,
                    "rejected",
                    List.of(),
                    "charlie refused the push: rejected by its owner");
    static final String OUT_JSON =
            "{\"time\":\"2026-11-26T23:59:59Z\",\"direction\":\"out\",\"peer\":{\"name\":"
                    + "\"charlie\",\"id\":\"id-9\",\"address\":\"10.0.0.7:5001\"},\"legacy\":false,"
                    + "\"files\":1,\"bytes\":5,\"result\":\"rejected\",\"stored\":[],\"message\":"
                    + "\"charlie refused the push: rejected by its owner\"}";

    static Stream<Arguments> replies() {
        ControlError unknown =
                new ControlError(
                        ControlError.Code.UNKNOWN_PEER,
                        "no peer named lap: known peers are laptop, lab",
                        List.of("laptop", "lab"));
        return Stream.of(
                Arguments.of(ControlCodec.ok(), new ControlReply.Ok(), "{\"ok\":true}"),
                Arguments.of(
                        ControlCodec.peers(List.of(LAPTOP, STATIC)),
                        new ControlReply.PeerList(List.of(LAPTOP, STATIC)),
                        "{\"ok\":true,\"peers\":[" + LAPTOP_JSON + "," + STATIC_JSON + "]}"),
                Arguments.of(
                        ControlCodec.peers(List.of()),
                        new ControlReply.PeerList(List.of()),
                        "{\"ok\":true,\"peers\":[]}"),
                Arguments.of(
                        ControlCodec.status(STATUS),
                        new ControlReply.StatusReply(STATUS),
                        STATUS_JSON),
                Arguments.of(
                        ControlCodec.error(unknown),
                        new ControlReply.Failure(unknown),
                        "{\"ok\":false,\"error\":{\"code\":\"unknown_peer\",\"message\":\"no peer named lap:"
                                + " known peers are laptop, lab\",\"candidates\":[\"laptop\",\"lab\"]}}"),
                Arguments.of(
                        ControlCodec.offers(List.of(OFFER, LEGACY_OFFER)),
                        new ControlReply.OfferList(List.of(OFFER, LEGACY_OFFER)),
                        "{\"ok\":true,\"offers\":[" + OFFER_JSON + "," + LEGACY_OFFER_JSON + "]}"),
                Arguments.of(
                        ControlCodec.offers(List.of()),
                        new ControlReply.OfferList(List.of()),
                        "{\"ok\":true,\"offers\":[]}"),
                Arguments.of(
                        ControlCodec.offer(OFFER),
                        new ControlReply.OfferReply(OFFER),
                        "{\"ok\":true,\"offer\":" + OFFER_JSON + "}"),
                Arguments.of(
                        ControlCodec.policy(
                                new PolicyView("trusted", Instant.parse("2026-11-27T01:12:03Z"))),
                        new ControlReply.PolicyReply(
                                new PolicyView("trusted", Instant.parse("2026-11-27T01:12:03Z"))),
                        "{\"ok\":true,\"policy\":{\"accept\":\"trusted\",\"openUntil\":"
                                + "\"2026-11-27T01:12:03Z\"}}"),
                Arguments.of(
                        ControlCodec.policy(new PolicyView("ask", null)),
                        new ControlReply.PolicyReply(new PolicyView("ask", null)),
                        "{\"ok\":true,\"policy\":{\"accept\":\"ask\",\"openUntil\":null}}"),
                Arguments.of(
                        ControlCodec.policy(PolicyView.PRE_CONSENT),
                        new ControlReply.PolicyReply(new PolicyView("anyone", null)),
                        "{\"ok\":true,\"policy\":{\"accept\":\"anyone\",\"openUntil\":null}}"),
                Arguments.of(
                        ControlCodec.trusted(List.of(TRUSTED)),
                        new ControlReply.TrustedList(List.of(TRUSTED)),
                        "{\"ok\":true,\"trusted\":[" + TRUSTED_JSON + "]}"),
                Arguments.of(
                        ControlCodec.trusted(List.of()),
                        new ControlReply.TrustedList(List.of()),
                        "{\"ok\":true,\"trusted\":[]}"),
                Arguments.of(
                        ControlCodec.history(List.of(IN, OUT)),
                        new ControlReply.HistoryList(List.of(IN, OUT)),
                        "{\"ok\":true,\"history\":[" + IN_JSON + "," + OUT_JSON + "]}"),
                Arguments.of(
                        ControlCodec.history(List.of()),
                        new ControlReply.HistoryList(List.of()),
                        "{\"ok\":true,\"history\":[]}"),
                Arguments.of(
                        ControlCodec.error(
                                new ControlError(
                                        ControlError.Code.AMBIGUOUS_OFFER,
                                        "2 offers are pending: name one",
                                        List.of("o-3", "o-4"))),
                        new ControlReply.Failure(
                                new ControlError(
                                        ControlError.Code.AMBIGUOUS_OFFER,
                                        "2 offers are pending: name one",
                                        List.of("o-3", "o-4"))),
                        "{\"ok\":false,\"error\":{\"code\":\"ambiguous_offer\",\"message\":"
                                + "\"2 offers are pending: name one\",\"candidates\":[\"o-3\",\"o-4\"]}}"),
                Arguments.of(
                        ControlCodec.error(
                                new ControlError(ControlError.Code.NO_OFFER, "no pending offer")),
                        new ControlReply.Failure(
                                new ControlError(ControlError.Code.NO_OFFER, "no pending offer")),
                        "{\"ok\":false,\"error\":{\"code\":\"no_offer\",\"message\":"
                                + "\"no pending offer\"}}"),
                Arguments.of(
                        ControlCodec.error(
                                new ControlError(
                                        ControlError.Code.NOT_TRUSTED,
                                        "\"zulu\" is not trusted",
                                        List.of("bravo"))),
                        new ControlReply.Failure(
                                new ControlError(
                                        ControlError.Code.NOT_TRUSTED,
                                        "\"zulu\" is not trusted",
                                        List.of("bravo"))),
                        "{\"ok\":false,\"error\":{\"code\":\"not_trusted\",\"message\":"
                                + "\"\\\"zulu\\\" is not trusted\",\"candidates\":[\"bravo\"]}}"),
                Arguments.of(
                        ControlCodec.error(
                                new ControlError(ControlError.Code.NOT_FOUND, "no push p-9")),
                        new ControlReply.Failure(
                                new ControlError(ControlError.Code.NOT_FOUND, "no push p-9")),
                        "{\"ok\":false,\"error\":{\"code\":\"not_found\",\"message\":\"no push p-9\"}}"));
    }

    @ParameterizedTest
    @MethodSource("replies")
    void replyGolden(String encoded, ControlReply reply, String line) throws ControlException {
        assertEquals(line, encoded);
        assertEquals(reply, ControlCodec.decodeReply(line));
    }

    static Stream<Arguments> events() {
        return Stream.of(
                Arguments.of(
                        new PushEvent.Accepted("p-7", "laptop", "id-1", "10.0.0.5:5001", 3, 1234),
                        "{\"event\":\"accepted\",\"push\":\"p-7\",\"peer\":{\"name\":\"laptop\",\"id\":\"id-1\","
                                + "\"address\":\"10.0.0.5:5001\"},\"files\":3,\"bytes\":1234}"),
                Arguments.of(
                        new PushEvent.Waiting("bravo", 300),
                        "{\"event\":\"waiting\",\"peer\":\"bravo\",\"timeoutSeconds\":300}"),
                Arguments.of(
                        new PushEvent.FileStarted("dir/a.txt", 100, 0),
                        "{\"event\":\"file\",\"name\":\"dir/a.txt\",\"size\":100,\"offset\":0}"),
                Arguments.of(
                        new PushEvent.Progress(500, 1234, 50, 100, 123456.0),
                        "{\"event\":\"progress\",\"bytes\":500,\"total\":1234,\"fileBytes\":50,"
                                + "\"fileSize\":100,\"rate\":123456.0}"),
                Arguments.of(
                        new PushEvent.Stored("dir/a.txt", "dir/a (1).txt", 100),
                        "{\"event\":\"stored\",\"name\":\"dir/a.txt\",\"stored\":\"dir/a (1).txt\",\"size\":100}"),
                Arguments.of(
                        new PushEvent.Done(
                                List.of(new StoredView("dir/a.txt", "dir/a (1).txt", 100)),
                                1234,
                                0.52),
                        "{\"event\":\"done\",\"ok\":true,\"stored\":[{\"name\":\"dir/a.txt\","
                                + "\"stored\":\"dir/a (1).txt\",\"size\":100}],\"bytes\":1234,\"seconds\":0.52}"),
                Arguments.of(
                        new PushEvent.Failed(
                                new ControlError(
                                        ControlError.Code.REJECTED,
                                        "receiver refused a.txt: no space (needs 1.2 GB)")),
                        "{\"event\":\"error\",\"ok\":false,\"error\":{\"code\":\"rejected\","
                                + "\"message\":\"receiver refused a.txt: no space (needs 1.2 GB)\"}}"));
    }

    @ParameterizedTest
    @MethodSource("events")
    void eventGolden(PushEvent event, String line) throws ControlException {
        assertEquals(line, ControlCodec.event(event));
        assertEquals(event, ControlCodec.decodeEvent(line));
    }

    @Test
    void errorReplyReadsAsFailedEvent() throws ControlException {
        assertEquals(
                new PushEvent.Failed(new ControlError(ControlError.Code.BUSY, "try later")),
                ControlCodec.decodeEvent(
                        "{\"ok\":false,\"error\":{\"code\":\"busy\",\"message\":\"try later\"}}"));
    }

    @Test
    void unknownErrorCodeFromNewerDaemonIsKeptAsInternal() throws ControlException {
        assertEquals(
                new ControlReply.Failure(new ControlError(ControlError.Code.INTERNAL, "m")),
                ControlCodec.decodeReply(
                        "{\"ok\":false,\"error\":{\"code\":\"quota\",\"message\":\"m\"}}"));
    }

    @Test
    void fingerprintFromADaemonOlderThan02ReadsAsEmpty() throws ControlException {
        String peer = STATIC_JSON.replace("\"fingerprint\":\"\",", "");
        assertEquals(
                new ControlReply.PeerList(List.of(STATIC)),
                ControlCodec.decodeReply("{\"ok\":true,\"peers\":[" + peer + "]}"));
        assertEquals(
                new ControlReply.PeerList(List.of(STATIC)),
                ControlCodec.decodeReply(
                        "{\"ok\":true,\"peers\":["
                                + STATIC_JSON.replace(
                                        "\"fingerprint\":\"\"", "\"fingerprint\":null")
                                + "]}"));
        String status =
                STATUS_JSON
                        .replace("\"fingerprint\":\"" + FP + "\",", "")
                        .replace(
                                ",\"policy\":{\"accept\":\"ask\",\"openUntil\":\"2026-11-27T01:12:03Z\"}",
                                "");
        StatusView read = ((ControlReply.StatusReply) ControlCodec.decodeReply(status)).status();
        assertEquals("", read.fingerprint());
        assertEquals(STATUS.id(), read.id());
    }

    @Test
    void fieldsAddedIn03ReadAsUnknownFromAnOlderDaemon() throws ControlException {
        String peer = STATIC_JSON.replace(",\"trusted\":false", "");
        assertEquals(
                new ControlReply.PeerList(List.of(STATIC)),
                ControlCodec.decodeReply("{\"ok\":true,\"peers\":[" + peer + "]}"));
        String policy = ",\"policy\":{\"accept\":\"ask\",\"openUntil\":\"2026-11-27T01:12:03Z\"}";
        for (String old :
                List.of(
                        STATUS_JSON.replace(policy, ""),
                        STATUS_JSON.replace(policy, ",\"policy\":null"))) {
            StatusView read = ((ControlReply.StatusReply) ControlCodec.decodeReply(old)).status();
            assertNull(read.policy());
            assertEquals(PolicyView.PRE_CONSENT, read.effectivePolicy());
            assertEquals(STATUS.transfers(), read.transfers());
        }
        assertEquals(STATUS.policy(), STATUS.effectivePolicy());
    }

    @Test
    void statusWithoutPolicyEncodesNullAndReadsBack() throws ControlException {
        StatusView old =
                new StatusView(
                        "desk", "id-0", "", 1, "/i", "0.2.0", 0, List.of(), /* policy */ null);
        String json = ControlCodec.statusObject(old);
        assertTrue(json.endsWith(",\"transfers\":[],\"policy\":null}"), json);
        assertEquals(
                new ControlReply.StatusReply(old),
                ControlCodec.decodeReply("{\"ok\":true,\"status\":" + json + "}"));
    }

    @Test
    void bareArraysForTheCli() {
        assertEquals("[" + OFFER_JSON + "]", ControlCodec.offerArray(List.of(OFFER)));
        assertEquals("[" + TRUSTED_JSON + "]", ControlCodec.trustedArray(List.of(TRUSTED)));
        assertEquals("[" + IN_JSON + "]", ControlCodec.historyArray(List.of(IN)));
        assertEquals("[]", ControlCodec.historyArray(List.of()));
    }

    @Test
    void peerArrayIsABareArray() {
        assertEquals("[" + LAPTOP_JSON + "]", ControlCodec.peerArray(List.of(LAPTOP)));
    }

    @Test
    void everyCodeHasAStableWireName() {
        StringBuilder names = new StringBuilder();
        for (ControlError.Code c : ControlError.Code.values()) {
            assertEquals(c, ControlError.Code.fromWire(c.wireName()));
            names.append(c.wireName()).append(' ');
        }
        assertEquals(
                "bad_request unknown_op unknown_peer ambiguous_peer peer_unreachable rejected busy "
                        + "transfer_failed source_error cancelled not_found permission_denied internal "
                        + "no_offer ambiguous_offer not_trusted ",
                names.toString());
    }
}
