package dev.tft.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.ControlException;
import dev.tft.control.ControlRequest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * CTL-03 / CTL-06 as a fuzz target: arbitrary bytes, split into lines, go through the daemon's real
 * request path (a real in-process {@link Daemon}, its Unix-domain control socket, {@code
 * ClientConnection}, {@code ControlCodec}, {@code RequestHandler}, {@code Pushes}). For every line:
 *
 * <ul>
 *   <li>every reply line is one JSON object: {@code {"ok":...}} or a push {@code {"event":...}};
 *   <li>an error carries a known wire code and never {@code internal} (a bug the daemon had to
 *       log);
 *   <li>the connection stays usable (a sentinel request after the line is answered), unless the
 *       line itself was not UTF-8, in which case the daemon answers {@code bad_request} once and
 *       closes;
 *   <li>afterwards a fresh connection gets a {@code status} reply (G3).
 * </ul>
 *
 * <p>Pushes are the one thing the harness changes, because a fuzzer must never send files anywhere:
 * a decoded push is re-encoded with the peer replaced by a closed loopback port, and any path
 * naming a directory replaced by a tiny sandbox directory (so {@code "/"} is not walked). Its path
 * checks and event stream still run for real.
 *
 * <p>Under {@code mvn verify} this replays {@code
 * src/test/resources/dev/tft/daemon/ControlLineFuzzTestInputs}; to fuzz: {@code JAZZER_FUZZ=1 mvn
 * -pl daemon test -Dtest=ControlLineFuzzTest} (or {@code systest/faults/fuzz-long.sh}).
 */
class ControlLineFuzzTest {
    private static final int MAX_LINES = 8;
    private static final long REPLY_DEADLINE_MS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CODES =
            Arrays.stream(ControlError.Code.values())
                    .map(ControlError.Code::wireName)
                    .collect(Collectors.toSet());

    @TempDir static Path dir;
    private static Daemon daemon;
    private static DaemonConfig config;
    private static String closedPeer;
    private static Path sandbox;

    @BeforeAll
    static void startDaemon() throws Exception {
        config = TestDaemons.config(dir, "fuzz");
        daemon = TestDaemons.start(config);
        sandbox = Files.createDirectories(dir.resolve("sandbox"));
        Files.writeString(sandbox.resolve("a.txt"), "abc");
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPeer =
                    "127.0.0.1:"
                            + s.getLocalPort(); // closed again below: connecting is refused at once
        }
    }

    @AfterAll
    static void stopDaemon() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @FuzzTest(maxDuration = "20s")
    void everyLineGetsAWellFormedReply(byte[] input) throws Exception {
        List<byte[]> lines = split(input);
        Client client = new Client(config.socket());
        try {
            for (byte[] line : lines) {
                if (!exchange(client, line)) {
                    client.close();
                    client = new Client(config.socket());
                }
            }
        } finally {
            client.close();
        }
        try (Client fresh = new Client(config.socket())) {
            fresh.write("{\"op\":\"status\"}".getBytes(StandardCharsets.UTF_8));
            String reply = fresh.readLine();
            assertTrue(
                    reply != null && reply.startsWith("{\"ok\":true"),
                    "status after the input: " + reply);
        }
    }

    /**
     * Sends one line plus a sentinel; checks every reply. False when the daemon closed the
     * connection.
     */
    private static boolean exchange(Client client, byte[] raw) throws IOException {
        byte[] line = confine(raw);
        String nonce = "fuzz-sentinel-" + UUID.randomUUID();
        client.write(line);
        client.write(
                ("{\"op\":\"cancel\",\"push\":\"" + nonce + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
        List<String> replies = new ArrayList<>();
        String reply;
        while ((reply = client.readLine()) != null) {
            if (reply.contains(nonce)) {
                replies.forEach(ControlLineFuzzTest::checkReply);
                return true;
            }
            replies.add(reply);
        }
        // Closed before the sentinel: allowed after a push's stream ended (the daemon closes after
        // done/error) ...
        if (!replies.isEmpty() && checkReply(replies.get(replies.size() - 1)).has("event")) {
            replies.forEach(ControlLineFuzzTest::checkReply);
            String last = replies.get(replies.size() - 1);
            assertTrue(
                    last.contains("\"event\":\"done\"") || last.contains("\"event\":\"error\""),
                    "push stream ended without done/error: " + replies);
            return false;
        }
        // ... or after exactly one bad_request for an undecodable line.
        assertEquals(1, replies.size(), "daemon closed without answering: " + replies);
        JsonNode error = checkReply(replies.get(0)).path("error");
        assertEquals("bad_request", error.path("code").asText(), replies.get(0));
        assertTrue(
                utf8(line) == null || line.length > ClientConnection.MAX_LINE,
                "a valid UTF-8 line closed the connection: " + replies.get(0));
        return false;
    }

    private static JsonNode checkReply(String reply) {
        JsonNode n;
        try {
            n = JSON.readTree(reply);
        } catch (IOException e) {
            throw new AssertionError("reply is not JSON: " + reply, e);
        }
        assertTrue(n != null && n.isObject(), "reply is not an object: " + reply);
        assertTrue(n.has("ok") || n.has("event"), "reply has neither ok nor event: " + reply);
        if (n.path("ok").isBoolean() && !n.path("ok").asBoolean()) {
            String code = n.path("error").path("code").asText();
            assertTrue(CODES.contains(code), "unknown error code: " + reply);
            assertNotEquals("internal", code, "the daemon hit a bug: " + reply);
            assertTrue(
                    n.path("error").path("message").isTextual(),
                    "error without a message: " + reply);
        }
        return n;
    }

    /**
     * Rewrites a push so it can never reach a real peer or walk a large tree; other lines pass
     * unchanged.
     */
    private static byte[] confine(byte[] line) {
        String text = utf8(line);
        if (text == null) {
            return line;
        }
        ControlRequest request;
        try {
            request = ControlCodec.decodeRequest(text);
        } catch (ControlException | RuntimeException notARequest) {
            return line;
        }
        if (!(request instanceof ControlRequest.Push push)) {
            return line;
        }
        List<String> paths = new ArrayList<>();
        for (String p : push.paths()) {
            paths.add(isDirectory(p) ? sandbox.toString() : p);
        }
        String safe =
                ControlCodec.encodeRequest(new ControlRequest.Push(closedPeer, paths, push.raw()));
        return safe.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isDirectory(String p) {
        try {
            return Files.isDirectory(Path.of(p));
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /**
     * The line as strict UTF-8 (a trailing CR dropped, as the daemon does), or null when it is not
     * UTF-8.
     */
    private static String utf8(byte[] line) {
        int len = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, 0, len))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static List<byte[]> split(byte[] input) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= input.length && lines.size() < MAX_LINES; i++) {
            if (i == input.length || input[i] == '\n') {
                lines.add(Arrays.copyOfRange(input, start, i));
                start = i + 1;
            }
        }
        return lines;
    }

    /** A raw control client whose every read is bounded: a hang is a finding, not a stuck build. */
    private static final class Client implements AutoCloseable {
        private final SocketChannel channel;
        private final Selector selector;
        private final ByteBuffer in = ByteBuffer.allocate(8192).flip();
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        Client(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            selector = Selector.open();
            channel.register(selector, SelectionKey.OP_READ);
        }

        void write(byte[] bytes) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(bytes.length + 1).put(bytes).put((byte) '\n').flip();
            long deadline = System.currentTimeMillis() + REPLY_DEADLINE_MS;
            while (b.hasRemaining()) {
                try {
                    if (channel.write(b) == 0) {
                        Thread.onSpinWait();
                    }
                } catch (IOException closedByDaemon) {
                    return; // the daemon already gave up on this connection; reading shows why
                }
                if (System.currentTimeMillis() > deadline) {
                    fail("daemon stopped reading for " + REPLY_DEADLINE_MS + " ms");
                }
            }
        }

        /** The next reply line, or null at end of stream. */
        String readLine() throws IOException {
            long deadline = System.currentTimeMillis() + REPLY_DEADLINE_MS;
            while (true) {
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b == '\n') {
                        String s = line.toString(StandardCharsets.UTF_8);
                        line.reset();
                        return s;
                    }
                    line.write(b);
                }
                in.clear();
                int n;
                try {
                    n = channel.read(in);
                } catch (IOException reset) {
                    n = -1;
                }
                in.flip();
                if (n < 0) {
                    return null;
                }
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    fail("no reply within " + REPLY_DEADLINE_MS + " ms");
                }
                if (n == 0) {
                    selector.select(left);
                    selector.selectedKeys().clear();
                }
            }
        }

        @Override
        public void close() throws IOException {
            selector.close();
            channel.close();
        }
    }
}
