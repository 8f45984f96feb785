package dev.tft.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Locale;
import java.util.stream.Stream;

/** Malformed lines fail with the right code and a message naming the problem. */
@Timeout(10)
class ControlCodecMalformedTest {

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("", "not a JSON object"),
                Arguments.of("   ", "not a JSON object"),
                Arguments.of("[]", "not a JSON object"),
                Arguments.of("\"op\"", "not a JSON object"),
                Arguments.of("{\"op\":\"peers\"", "not valid JSON"),
                Arguments.of("{\"op\":\"peers\"} {}", "data after"),
                Arguments.of("{\"op\":\"peers\"}x", "not valid JSON"),
                Arguments.of("{\"op\":\"peers\",\"op\":\"status\"}", "Duplicate field"),
                Arguments.of("{}", "field \"op\" is missing"),
                Arguments.of("{\"op\":7}", "field \"op\" must be a string"),
                Arguments.of("{\"op\":null}", "field \"op\" must be a string"),
                Arguments.of("{\"op\":\"push\",\"paths\":[\"/a\"]}", "field \"peer\" is missing"),
                Arguments.of("{\"op\":\"push\",\"peer\":\"a\"}", "field \"paths\" is missing"),
                Arguments.of(
                        "{\"op\":\"push\",\"peer\":\"a\",\"paths\":\"/a\"}", "must be an array"),
                Arguments.of("{\"op\":\"push\",\"peer\":\"a\",\"paths\":[1]}", "array of strings"),
                Arguments.of(
                        "{\"op\":\"push\",\"peer\":\"a\",\"paths\":[]}", "paths must not be empty"),
                Arguments.of(
                        "{\"op\":\"push\",\"peer\":\"a\",\"paths\":[\"rel\"]}", "must be absolute"),
                Arguments.of(
                        "{\"op\":\"push\",\"peer\":\"a\",\"paths\":[\"/a\\u0000b\"]}", "absolute"),
                Arguments.of(
                        "{\"op\":\"push\",\"peer\":\" \",\"paths\":[\"/a\"]}",
                        "peer must not be blank"),
                Arguments.of(
                        "{\"op\":\"push\",\"raw\":\"yes\",\"peer\":\"a\",\"paths\":[\"/a\"]}",
                        "true or false"),
                Arguments.of(
                        "{\"op\":\"push\",\"raw\":true,\"peer\":\"h\",\"paths\":[\"/a\",\"/b\"]}",
                        "exactly one path"),
                Arguments.of("{\"op\":\"cancel\"}", "field \"push\" is missing"),
                Arguments.of("{\"op\":\"cancel\",\"push\":\"\"}", "must not be blank"),
                Arguments.of("{\"v\":2,\"op\":\"peers\"}", "unsupported protocol version 2"),
                Arguments.of("{\"v\":\"1\",\"op\":\"peers\"}", "must be an integer"),
                Arguments.of(
                        "{\"v\":123456789012345678901234567890,\"op\":\"peers\"}", "out of range"),
                Arguments.of(
                        "{\"op\":\"peers\",\"x\":" + "[".repeat(32) + "]".repeat(32) + "}",
                        "nested deeper than 32"),
                Arguments.of(
                        "{\"op\":\"peers\",\"x\":\""
                                + "a".repeat(ControlCodec.MAX_LINE_BYTES)
                                + "\"}",
                        "longer than 65536"),
                Arguments.of("{'op':'peers'}", "not valid JSON"),
                Arguments.of("{\"op\":\"peers\",}", "not valid JSON"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badRequest(String line, String messagePart) {
        ControlException e =
                assertThrows(ControlException.class, () -> ControlCodec.decodeRequest(line));
        assertEquals(ControlError.Code.BAD_REQUEST, e.code(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    }

    @Test
    void depthThirtyTwoIsAllowed() throws ControlException {
        // Root object = 1, plus 31 nested arrays = 32.
        String line = "{\"op\":\"peers\",\"x\":" + "[".repeat(31) + "]".repeat(31) + "}";
        assertEquals(new ControlRequest.Peers(), ControlCodec.decodeRequest(line));
    }

    @Test
    void unknownOp() {
        ControlException e =
                assertThrows(
                        ControlException.class,
                        () -> ControlCodec.decodeRequest("{\"op\":\"reboot\"}"));
        assertEquals(ControlError.Code.UNKNOWN_OP, e.code());
        assertTrue(e.getMessage().contains("\"reboot\""), e.getMessage());
    }

    static Stream<String> badReplies() {
        return Stream.of(
                "",
                "{}",
                "{\"ok\":1}",
                "{\"ok\":false}",
                "{\"ok\":false,\"error\":{}}",
                "{\"ok\":true,\"peers\":{}}",
                "{\"ok\":true,\"peers\":[{\"name\":\"a\"}]}",
                "{\"ok\":true,\"peers\":[{\"name\":\"a\",\"id\":\"i\",\"addresses\":[],\"port\":70000,"
                        + "\"os\":\"\",\"version\":\"\",\"state\":\"up\",\"source\":\"mdns\"}]}",
                "{\"ok\":true,\"peers\":[{\"name\":\"a\",\"id\":\"i\",\"addresses\":[],\"port\":1,"
                        + "\"os\":\"\",\"version\":\"\",\"state\":\"up\",\"source\":\"mdns\","
                        + "\"lastSeen\":\"yesterday\"}]}",
                "{\"ok\":true,\"status\":{\"name\":\"d\"}}",
                peerWithFingerprint("1"),
                peerWithFingerprint(
                        "\"" + ControlCodecGoldenTest.FP.toUpperCase(Locale.ROOT) + "\""),
                peerWithFingerprint("\"" + ControlCodecGoldenTest.FP.substring(1) + "\""),
                peerWithFingerprint("\"" + ControlCodecGoldenTest.FP + "0\""),
                peerWithFingerprint("\"" + ControlCodecGoldenTest.FP.substring(1) + "\\u001b\""),
                statusWithFingerprint("[]"),
                statusWithFingerprint("\"e3b0 c442\""));
    }

    private static String peerWithFingerprint(String json) {
        return "{\"ok\":true,\"peers\":[{\"name\":\"a\",\"id\":\"i\",\"fingerprint\":"
                + json
                + ",\"addresses\":[],\"port\":1,\"os\":\"\",\"version\":\"\",\"state\":\"up\","
                + "\"source\":\"mdns\"}]}";
    }

    private static String statusWithFingerprint(String json) {
        return "{\"ok\":true,\"status\":{\"name\":\"d\",\"id\":\"i\",\"fingerprint\":"
                + json
                + ",\"port\":1,\"inbox\":\"/i\",\"version\":\"0\",\"uptimeSeconds\":0}}";
    }

    @ParameterizedTest
    @MethodSource("badReplies")
    void badReply(String line) {
        ControlException e =
                assertThrows(ControlException.class, () -> ControlCodec.decodeReply(line));
        assertEquals(ControlError.Code.BAD_REQUEST, e.code());
    }

    @Test
    void fingerprintCasesDifferOnlyInTheFingerprint() throws ControlException {
        // The bad fingerprint lines above are otherwise valid: these decode.
        ControlCodec.decodeReply(peerWithFingerprint("\"\""));
        ControlCodec.decodeReply(peerWithFingerprint("\"" + ControlCodecGoldenTest.FP + "\""));
        ControlCodec.decodeReply(statusWithFingerprint("\"" + ControlCodecGoldenTest.FP + "\""));
    }

    static Stream<String> badEvents() {
        return Stream.of(
                "{}",
                "{\"event\":\"party\"}",
                "{\"event\":\"file\",\"name\":\"a\"}",
                "{\"event\":\"file\",\"name\":\"a\",\"size\":1,\"offset\":2}",
                "{\"event\":\"progress\",\"bytes\":-1,\"total\":1,\"fileBytes\":0,\"fileSize\":0,\"rate\":0}",
                "{\"event\":\"done\",\"stored\":[],\"bytes\":1,\"seconds\":\"1\"}",
                "{\"event\":\"accepted\",\"push\":\"p\",\"peer\":\"x\",\"files\":1,\"bytes\":1}",
                "{\"event\":\"accepted\",\"push\":\"p\",\"peer\":{\"name\":\"n\",\"id\":\"i\","
                        + "\"address\":\"a\"},\"files\":3000000000,\"bytes\":1}");
    }

    @ParameterizedTest
    @MethodSource("badEvents")
    void badEvent(String line) {
        ControlException e =
                assertThrows(ControlException.class, () -> ControlCodec.decodeEvent(line));
        assertEquals(ControlError.Code.BAD_REQUEST, e.code());
    }
}
