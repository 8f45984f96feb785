package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
                        new ControlRequest.Cancel("p-7"), "{\"op\":\"cancel\",\"push\":\"p-7\"}"));
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
                    "mdns");
    static final PeerView STATIC =
            new PeerView(
                    "nas", "id-2", "", List.of(), 5002, "", "", "gone", null, null, true, "static");

    static final String LAPTOP_JSON =
            "{\"name\":\"laptop\",\"id\":\"id-1\",\"fingerprint\":\""
                    + FP
                    + "\",\"addresses\":"
                    + "[\"10.0.0.5\",\"fe80::1%eth0\"],\"port\":5001,\"os\":\"linux\",\"version\":\"1\","
                    + "\"state\":\"up\",\"firstSeen\":\"2026-11-27T01:02:03Z\","
                    + "\"lastSeen\":\"2026-11-27T01:02:09Z\",\"conflict\":false,\"source\":\"mdns\"}";
    static final String STATIC_JSON =
            "{\"name\":\"nas\",\"id\":\"id-2\",\"fingerprint\":\"\",\"addresses\":[],"
                    + "\"port\":5002,\"os\":\"\",\"version\":\"\",\"state\":\"gone\",\"firstSeen\":null,"
                    + "\"lastSeen\":null,\"conflict\":true,\"source\":\"static\"}";

    static final StatusView STATUS =
            new StatusView(
                    "desk",
                    "id-0",
                    FP,
                    5001,
                    "/home/u/Downloads/tft",
                    "0.1.0",
                    12,
                    List.of(new TransferView("in", "laptop", "a.bin", 123, 456)));
    static final String STATUS_JSON =
            "{\"ok\":true,\"status\":{\"name\":\"desk\",\"id\":\"id-0\",\"fingerprint\":\""
                    + FP
                    + "\",\"port\":5001,\"inbox\":\"/home/u/Downloads/tft\",\"version\":\"0.1.0\","
                    + "\"uptimeSeconds\":12,\"transfers\":[{\"direction\":\"in\",\"peer\":\"laptop\","
                    + "\"file\":\"a.bin\",\"bytes\":123,\"size\":456}]}}";

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
        String status = STATUS_JSON.replace("\"fingerprint\":\"" + FP + "\",", "");
        StatusView read = ((ControlReply.StatusReply) ControlCodec.decodeReply(status)).status();
        assertEquals("", read.fingerprint());
        assertEquals(STATUS.id(), read.id());
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
                        + "transfer_failed source_error cancelled not_found permission_denied internal ",
                names.toString());
    }
}
