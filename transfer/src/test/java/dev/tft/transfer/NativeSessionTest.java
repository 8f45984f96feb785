package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;
import dev.tft.transfer.wire.WireCodec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Conversation tests: a whole native session driven from scripted bytes to the exact reply bytes,
 * with no socket and no receiver (the way Netty's EmbeddedChannel tests a handler). Each runs in
 * milliseconds and pins the session grammar: reply order, eager drain on refusal, parent before
 * child, checksum failure.
 */
@Timeout(10)
final class NativeSessionTest {
    private static final byte[] NO_RESUME = new byte[Protocol.RESUME_ID_SIZE];

    @TempDir Path dir;
    private Inbox inbox;
    private Watchdog watchdog;
    private final List<String> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws IOException {
        inbox = Inbox.open(Files.createDirectories(dir.resolve("inbox")));
        watchdog = new Watchdog("test-watchdog", System::nanoTime);
    }

    @AfterEach
    void close() throws IOException {
        watchdog.close();
        inbox.close();
    }

    @Test
    void eagerFileIsAcceptedStoredAndPublished() throws Exception {
        byte[] data = "hi\n".getBytes(StandardCharsets.UTF_8);
        byte[] replies =
                converse(
                        eager("a.txt", data),
                        frame(new Frame.Checksum(Protocol.ALG_CRC32C, RawPeer.crc(data))),
                        frame(new Frame.End()));
        // ACCEPT(offset 0) then STORED("a.txt"): type, u32 body length, body.
        assertEquals(
                "11" + "00000008" + "0000000000000000" + "13" + "00000007" + "0005612e747874",
                HexFormat.of().formatHex(replies));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("inbox/a.txt")));
        assertEquals(List.of("received a.txt as a.txt from alice-id"), events);
    }

    @Test
    void largeFileStreamsAfterAcceptAndIsVerified() throws Exception {
        byte[] data = new byte[200_000];
        Arrays.fill(data, (byte) 7);
        byte[] replies =
                converse(
                        frame(
                                new Frame.Offer(
                                        Protocol.KIND_FILE,
                                        false,
                                        Protocol.ALG_CRC32C,
                                        data.length,
                                        0,
                                        NO_RESUME,
                                        "big.bin")),
                        data,
                        frame(new Frame.Checksum(Protocol.ALG_CRC32C, RawPeer.crc(data))),
                        frame(new Frame.End()));
        assertArrayEquals(
                concat(frame(new Frame.Accept(0)), frame(new Frame.Stored("big.bin"))), replies);
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("inbox/big.bin")));
    }

    @Test
    void refusedEagerPayloadIsDrainedAndTheSessionGoesOn() throws Exception {
        byte[] bad = {1, 2, 3};
        byte[] good = {4};
        byte[] replies =
                converse(
                        eager("../.bashrc", bad),
                        frame(new Frame.Checksum(Protocol.ALG_CRC32C, RawPeer.crc(bad))),
                        eager("ok.bin", good),
                        frame(new Frame.Checksum(Protocol.ALG_CRC32C, RawPeer.crc(good))),
                        frame(new Frame.End()));
        Frame[] got = decodeAll(replies);
        assertEquals(3, got.length);
        assertEquals(Protocol.E_BAD_NAME, ((Frame.Reject) got[0]).code());
        assertEquals(new Frame.Accept(0), got[1]);
        assertEquals(new Frame.Stored("ok.bin"), got[2]);
        assertEquals(List.of("ok.bin"), listing());
    }

    @Test
    void aChildWhoseParentWasNotOfferedIsRefused() throws Exception {
        byte[] data = {9};
        Frame[] got =
                decodeAll(
                        converse(
                                eager("dir/x.bin", data),
                                frame(new Frame.Checksum(Protocol.ALG_CRC32C, RawPeer.crc(data))),
                                frame(new Frame.End())));
        assertEquals(
                new Frame.Reject(Protocol.E_BAD_NAME, "parent directory was not offered first"),
                got[0]);
        assertEquals(List.of(), listing());
    }

    @Test
    void directoryThenChildKeepsTheTree() throws Exception {
        byte[] data = {1, 2};
        Frame[] got =
                decodeAll(
                        converse(
                                frame(
                                        new Frame.Offer(
                                                Protocol.KIND_DIRECTORY,
                                                false,
                                                Protocol.ALG_NONE,
                                                0,
                                                0,
                                                NO_RESUME,
                                                "photos")),
                                eager("photos/a.jpg", data),
                                frame(new Frame.Checksum(Protocol.ALG_CRC32C, RawPeer.crc(data))),
                                frame(new Frame.End())));
        assertEquals(
                List.of(
                        new Frame.Accept(0),
                        new Frame.Stored("photos"),
                        new Frame.Accept(0),
                        new Frame.Stored("photos/a.jpg")),
                List.of(got));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("inbox/photos/a.jpg")));
    }

    @Test
    void checksumMismatchStoresNothing() throws Exception {
        byte[] data = {1, 2, 3};
        Frame[] got =
                decodeAll(
                        converse(
                                eager("c.bin", data),
                                frame(
                                        new Frame.Checksum(
                                                Protocol.ALG_CRC32C, RawPeer.crc(new byte[] {0}))),
                                frame(new Frame.End())));
        assertEquals(new Frame.Accept(0), got[0]);
        assertEquals(Protocol.E_CHECKSUM_MISMATCH, ((Frame.Failed) got[1]).code());
        assertEquals(List.of(), listing());
    }

    @Test
    void aFrameOtherThanOfferOrEndFailsTheSession() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThrows(
                ProtocolException.class,
                () -> session(concat(frame(new Frame.Accept(0))), out).run());
        assertEquals(
                Protocol.E_PROTOCOL_ERROR, ((Frame.Failed) decodeAll(out.toByteArray())[0]).code());
    }

    @Test
    void truncatedPayloadLeavesNoFile() throws Exception {
        byte[] data = new byte[100_000];
        byte[] script =
                concat(
                        frame(
                                new Frame.Offer(
                                        Protocol.KIND_FILE,
                                        false,
                                        Protocol.ALG_CRC32C,
                                        data.length,
                                        0,
                                        NO_RESUME,
                                        "cut.bin")),
                        Arrays.copyOf(data, 1000));
        assertThrows(
                ProtocolException.class, () -> session(script, new ByteArrayOutputStream()).run());
        assertEquals(List.of(), listing());
        assertEquals(List.of("failed cut.bin INCOMPLETE"), events);
    }

    // ---------------------------------------------------------------- harness

    private byte[] converse(byte[]... script) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        session(concat(script), out).run();
        return out.toByteArray();
    }

    private NativeSession session(byte[] script, ByteArrayOutputStream sink) {
        ReceiveContext ctx =
                new ReceiveContext(
                        inbox,
                        ReceiverLimits.defaults(),
                        new ReceiverListener() {
                            @Override
                            public void fileReceived(ReceivedFile f) {
                                events.add(
                                        "received "
                                                + f.name()
                                                + " as "
                                                + f.storedName()
                                                + " from "
                                                + f.senderId());
                            }

                            @Override
                            public void transferFailed(
                                    String peer, String file, TransferError error, String message) {
                                events.add("failed " + file + " " + error);
                            }
                        },
                        new RateLimitedLog(LoggerFactory.getLogger(NativeSessionTest.class)));
        ReplyWriter out = new ReplyWriter(Channels.newChannel(sink));
        ChannelInput in =
                new ChannelInput(
                        Channels.newChannel(new ByteArrayInputStream(script)),
                        ByteBuffer.allocate(1 << 20),
                        out::flushQuietly,
                        () -> {});
        Watchdog.Guard guard = watchdog.guard(() -> {}, ctx.idleNanos());
        return new NativeSession(
                ctx,
                new SessionIo(in, out, guard, ctx.idleNanos()),
                new RemotePeer("alice-id", "", "Alice", InetAddress.getLoopbackAddress()));
    }

    private static byte[] eager(String path, byte[] data) {
        return concat(
                frame(
                        new Frame.Offer(
                                Protocol.KIND_FILE,
                                true,
                                Protocol.ALG_CRC32C,
                                data.length,
                                0,
                                NO_RESUME,
                                path)),
                data);
    }

    private static byte[] frame(Frame f) {
        ByteBuffer b = ByteBuffer.allocate(Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY);
        WireCodec.encode(f, b);
        return Arrays.copyOf(b.array(), b.position());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static Frame[] decodeAll(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<Frame> out = new java.util.ArrayList<>();
        while (b.hasRemaining()) {
            int size = WireCodec.frameSize(b);
            if (size < 0 || b.remaining() < size) {
                throw new AssertionError("truncated reply stream");
            }
            out.add(WireCodec.decode(b));
        }
        return out.toArray(new Frame[0]);
    }

    private List<String> listing() throws IOException {
        try (var s = Files.list(dir.resolve("inbox"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
