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
                Arguments.of("{\"op\":\"accept\",\"offer\":\"\"}", "offer must not be blank"),
                Arguments.of("{\"op\":\"accept\",\"offer\":\" \"}", "offer must not be blank"),
                Arguments.of("{\"op\":\"accept\",\"offer\":3}", "must be a string"),
                Arguments.of("{\"op\":\"accept\",\"trust\":\"yes\"}", "true or false"),
                Arguments.of("{\"op\":\"reject\",\"offer\":null}", "must be a string"),
                Arguments.of("{\"op\":\"reject\",\"offer\":\"\\t\"}", "offer must not be blank"),
                Arguments.of("{\"op\":\"open\"}", "either \"seconds\" (1..86400) or \"off\":true"),
                Arguments.of("{\"op\":\"open\",\"off\":false}", "either \"seconds\""),
                Arguments.of(
                        "{\"op\":\"open\",\"seconds\":600,\"off\":true}", "either \"seconds\""),
                Arguments.of("{\"op\":\"open\",\"seconds\":0}", "out of range 1..86400: 0"),
                Arguments.of("{\"op\":\"open\",\"seconds\":-5}", "out of range 1..86400: -5"),
                Arguments.of("{\"op\":\"open\",\"seconds\":86401}", "out of range 1..86400: 86401"),
                Arguments.of("{\"op\":\"open\",\"seconds\":1.5}", "must be an integer"),
                Arguments.of("{\"op\":\"open\",\"seconds\":\"600\"}", "must be an integer"),
                Arguments.of("{\"op\":\"open\",\"seconds\":3000000000}", "must be an int"),
                Arguments.of("{\"op\":\"open\",\"off\":\"true\"}", "true or false"),
                Arguments.of("{\"op\":\"trust\"}", "field \"peer\" is missing"),
                Arguments.of("{\"op\":\"trust\",\"peer\":\"\"}", "peer must not be blank"),
                Arguments.of("{\"op\":\"trust\",\"peer\":[\"a\"]}", "must be a string"),
                Arguments.of("{\"op\":\"untrust\"}", "field \"peer\" is missing"),
                Arguments.of("{\"op\":\"untrust\",\"peer\":\"  \"}", "peer must not be blank"),
                Arguments.of("{\"op\":\"history\",\"limit\":0}", "limit out of range 1..10000: 0"),
                Arguments.of(
                        "{\"op\":\"history\",\"limit\":10001}",
                        "limit out of range 1..10000: 10001"),
                Arguments.of("{\"op\":\"history\",\"limit\":\"20\"}", "must be an integer"),
                Arguments.of("{\"op\":\"history\",\"limit\":null}", "must be an integer"),
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
                statusWithFingerprint("\"e3b0 c442\""),
                // 0.3: peers' trusted, status's policy
                peerWithFingerprint("\"\"").replace("}]}", ",\"trusted\":\"yes\"}]}"),
                peerWithFingerprint("\"\"").replace("}]}", ",\"trusted\":null}]}"),
                statusWithPolicy("\"ask\""),
                statusWithPolicy("{}"),
                statusWithPolicy("{\"accept\":\"everyone\",\"openUntil\":null}"),
                statusWithPolicy("{\"accept\":\"ASK\",\"openUntil\":null}"),
                statusWithPolicy("{\"accept\":\"ask\",\"openUntil\":\"soon\"}"),
                statusWithPolicy("{\"accept\":\"ask\",\"openUntil\":1764205923}"),
                // offers (pending) and offer (accept/reject)
                "{\"ok\":true,\"offers\":{}}",
                "{\"ok\":true,\"offers\":[1]}",
                "{\"ok\":true,\"offer\":[]}",
                "{\"ok\":true,\"offer\":null}",
                offer("\"id\":\"\""),
                offer("\"id\":\" \""),
                offer("\"legacy\":\"no\""),
                offer("\"files\":-1"),
                offer("\"files\":3000000000"),
                offer("\"bytes\":-1"),
                offer("\"bytes\":1.5"),
                offer("\"names\":[\"a\",\"b\",\"c\",\"d\"]"),
                offer("\"names\":\"a\""),
                offer("\"names\":[null]"),
                offer("\"ageSeconds\":-1"),
                offer("\"expiresInSeconds\":\"300\""),
                offer("\"peer\":\"bravo\""),
                offer("\"peer\":{\"name\":\"bravo\",\"id\":\"i\"}"),
                offer("\"peer\":{\"name\":\"bravo\",\"id\":\"\",\"address\":\"a:1\"}"),
                offer("\"legacy\":true"),
                // policy (open)
                "{\"ok\":true,\"policy\":null}",
                "{\"ok\":true,\"policy\":{\"openUntil\":null}}",
                "{\"ok\":true,\"policy\":{\"accept\":\"trusted\",\"openUntil\":\"2026-13-01T00:00:00Z\"}}",
                // trusted (trusted, trust, untrust)
                "{\"ok\":true,\"trusted\":null}",
                trusted("\"id\":\"\""),
                trusted("\"name\":null"),
                trusted("\"fingerprint\":\"\""),
                trusted("\"fingerprint\":null"),
                trusted(
                        "\"fingerprint\":\""
                                + ControlCodecGoldenTest.FP.toUpperCase(Locale.ROOT)
                                + "\""),
                trusted("\"since\":null"),
                trusted("\"since\":\"last week\""),
                // history
                "{\"ok\":true,\"history\":[[]]}",
                entry("\"time\":null"),
                entry("\"direction\":\"sideways\""),
                entry("\"result\":\"ok\""),
                entry("\"result\":\"STORED\""),
                entry("\"stored\":[1]"),
                entry("\"message\":null"),
                entry("\"legacy\":0"),
                entry("\"files\":-2"),
                entry("\"peer\":{\"name\":\"n\",\"id\":\"i\",\"address\":7}"));
    }

    static final String OFFER =
            "{\"id\":\"o-3\",\"peer\":{\"name\":\"bravo\",\"id\":\"id-1\",\"address\":\"a:1\"},"
                    + "\"legacy\":false,\"files\":1,\"bytes\":1,\"names\":[\"a\"],\"ageSeconds\":0,"
                    + "\"expiresInSeconds\":300}";
    static final String TRUSTED =
            "{\"id\":\"id-1\",\"name\":\"bravo\",\"fingerprint\":\""
                    + ControlCodecGoldenTest.FP
                    + "\",\"since\":\"2026-11-20T08:00:00Z\"}";
    static final String ENTRY =
            "{\"time\":\"2026-11-27T01:00:00Z\",\"direction\":\"in\",\"peer\":{\"name\":\"b\","
                    + "\"id\":\"i\",\"address\":\"a:1\"},\"legacy\":false,\"files\":1,\"bytes\":1,"
                    + "\"result\":\"stored\",\"stored\":[\"a\"],\"message\":\"\"}";

    /** {@code field} (a {@code "name":value} pair) replaces that field of a valid object. */
    private static String with(String object, String field) {
        String name = field.substring(0, field.indexOf(':') + 1);
        int start = object.indexOf(name);
        int end = start + name.length();
        int depth = 0;
        while (depth > 0 || (object.charAt(end) != ',' && object.charAt(end) != '}')) {
            char c = object.charAt(end);
            depth += c == '{' || c == '[' ? 1 : c == '}' || c == ']' ? -1 : 0;
            end++;
        }
        return object.substring(0, start) + field + object.substring(end);
    }

    private static String offer(String field) {
        return "{\"ok\":true,\"offers\":[" + with(OFFER, field) + "]}";
    }

    private static String trusted(String field) {
        return "{\"ok\":true,\"trusted\":[" + with(TRUSTED, field) + "]}";
    }

    private static String entry(String field) {
        return "{\"ok\":true,\"history\":[" + with(ENTRY, field) + "]}";
    }

    private static String statusWithPolicy(String json) {
        return statusWithFingerprint("\"\"").replace("}}", ",\"policy\":" + json + "}}");
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
        ControlCodec.decodeReply(statusWithPolicy("{\"accept\":\"ask\",\"openUntil\":null}"));
        ControlCodec.decodeReply(statusWithPolicy("null"));
        ControlCodec.decodeReply("{\"ok\":true,\"offers\":[" + OFFER + "]}");
        ControlCodec.decodeReply("{\"ok\":true,\"offer\":" + OFFER + "}");
        ControlCodec.decodeReply("{\"ok\":true,\"trusted\":[" + TRUSTED + "]}");
        ControlCodec.decodeReply("{\"ok\":true,\"history\":[" + ENTRY + "]}");
        String legacy = with(OFFER, "\"peer\":{\"name\":\"\",\"id\":\"\",\"address\":\"a:1\"}");
        ControlCodec.decodeReply("{\"ok\":true,\"offer\":" + with(legacy, "\"legacy\":true") + "}");
        ControlCodec.decodeReply(entry("\"peer\":{\"name\":\"\",\"id\":\"\",\"address\":\"\"}"));
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
                        + "\"address\":\"a\"},\"files\":3000000000,\"bytes\":1}",
                "{\"event\":\"waiting\"}",
                "{\"event\":\"waiting\",\"timeoutSeconds\":300}",
                "{\"event\":\"waiting\",\"peer\":\"b\"}",
                "{\"event\":\"waiting\",\"peer\":null,\"timeoutSeconds\":300}",
                "{\"event\":\"waiting\",\"peer\":\"b\",\"timeoutSeconds\":-1}",
                "{\"event\":\"waiting\",\"peer\":\"b\",\"timeoutSeconds\":\"300\"}",
                "{\"event\":\"waiting\",\"peer\":\"b\",\"timeoutSeconds\":1.5}");
    }

    @ParameterizedTest
    @MethodSource("badEvents")
    void badEvent(String line) {
        ControlException e =
                assertThrows(ControlException.class, () -> ControlCodec.decodeEvent(line));
        assertEquals(ControlError.Code.BAD_REQUEST, e.code());
    }
}
