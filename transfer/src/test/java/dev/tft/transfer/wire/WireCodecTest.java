package dev.tft.transfer.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/** Golden bytes: these hex strings are the protocol. Changing one breaks every deployed peer. */
class WireCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    private static String hex(Frame f) {
        ByteBuffer b = ByteBuffer.allocate(9000);
        WireCodec.encode(f, b);
        return HEX.formatHex(Arrays.copyOf(b.array(), b.position()));
    }

    private static Frame decode(String hex) throws ProtocolException {
        return WireCodec.decode(ByteBuffer.wrap(HEX.parseHex(hex)));
    }

    private static void golden(Frame f, String hex) throws ProtocolException {
        assertEquals(hex, hex(f));
        assertEquals(f, decode(hex));
    }

    @Test
    void sessionHeaderGoldenBytes() throws ProtocolException {
        ByteBuffer b = ByteBuffer.allocate(256);
        WireCodec.encodeSessionHeader(new SessionHeader(1, "ab", "Zoë"), b);
        String expected =
                "89544654"
                        + "0d0a1a0a"
                        + "0001"
                        + "0000"
                        + "02"
                        + "04"
                        + "0000"
                        + "6162"
                        + "00".repeat(62)
                        + "5a6fc3ab"
                        + "00".repeat(124)
                        + "00".repeat(48);
        assertEquals(expected, HEX.formatHex(b.array()));
        assertEquals(
                new SessionHeader(1, "ab", "Zoë"),
                WireCodec.decodeSessionHeader(ByteBuffer.wrap(b.array())));
    }

    @Test
    void offerGoldenBytes() throws ProtocolException {
        byte[] id = new byte[16];
        id[15] = 7;
        golden(
                new Frame.Offer(1, true, 1, 5, 1_700_000_000_000L, id, "a/b.txt"),
                "01"
                        + "0000002d"
                        + "01"
                        + "01"
                        + "01"
                        + "00"
                        + "0000000000000005"
                        + "0000018bcfe56800"
                        + "00000000000000000000000000000007"
                        + "0007"
                        + "612f622e747874");
        golden(
                new Frame.Offer(2, false, 0, 0, 0, new byte[16], "d"),
                "01"
                        + "00000027"
                        + "02000000"
                        + "0000000000000000"
                        + "0000000000000000"
                        + "00".repeat(16)
                        + "0001"
                        + "64");
    }

    @Test
    void replyGoldenBytes() throws ProtocolException {
        golden(new Frame.Accept(4096), "11" + "00000008" + "0000000000001000");
        golden(new Frame.Reject(1, "no"), "12" + "00000006" + "0001" + "0002" + "6e6f");
        golden(new Frame.Failed(8, ""), "14" + "00000004" + "0008" + "0000");
        golden(
                new Frame.Stored("a (1).pdf"),
                "13" + "0000000b" + "0009" + "6120283129" + "2e706466");
        golden(
                new Frame.Checksum(1, new byte[] {1, 2, 3, 4}),
                "02" + "00000005" + "01" + "01020304");
        golden(new Frame.End(), "03" + "00000000");
        golden(
                new Frame.Hello(1, "b", "B"),
                "10" + "00000006" + "0001" + "01" + "01" + "62" + "42");
    }

    @Test
    void pairGoldenBytes() throws ProtocolException {
        byte[] nonce = new byte[32];
        for (int i = 0; i < 32; i++) {
            nonce[i] = (byte) i;
        }
        golden(
                new Frame.Pair(Protocol.PAIR_COMMIT, nonce),
                "05"
                        + "00000021"
                        + "01"
                        + "000102030405060708090a0b0c0d0e0f"
                        + "101112131415161718191a1b1c1d1e1f");
        golden(
                new Frame.Pair(Protocol.PAIR_REVEAL, new byte[32]),
                "05" + "00000021" + "03" + "00".repeat(32));
        golden(Frame.Pair.confirm(true), "05" + "00000002" + "04" + "01");
        golden(Frame.Pair.confirm(false), "05" + "00000002" + "04" + "00");
    }

    @Test
    void malformedPairFramesAreProtocolErrors() {
        for (String bad :
                new String[] {
                    "05" + "00000000",
                    "05" + "00000002" + "04" + "02",
                    "05" + "00000003" + "04" + "0101",
                    "05" + "00000002" + "01" + "00",
                    "05" + "00000021" + "05" + "00".repeat(32),
                    "05" + "00000021" + "00" + "00".repeat(32),
                    "05" + "00000022" + "02" + "00".repeat(33),
                }) {
            assertEquals(
                    11, assertThrows(ProtocolException.class, () -> decode(bad)).wireCode(), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new Frame.Pair(2, new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> new Frame.Pair(4, new byte[] {2}));
    }

    @Test
    void classifiesNativeLegacyGarbageAndNewerVersions() {
        assertEquals(
                WireCodec.HeaderKind.LEGACY, WireCodec.classify(ByteBuffer.wrap("r|1".getBytes())));
        assertEquals(null, WireCodec.classify(ByteBuffer.wrap(HEX.parseHex("8954"))));
        assertEquals(
                WireCodec.HeaderKind.GARBAGE,
                WireCodec.classify(ByteBuffer.wrap(HEX.parseHex("89504e470d0a1a0a0001"))));
        assertEquals(
                WireCodec.HeaderKind.NATIVE,
                WireCodec.classify(ByteBuffer.wrap(HEX.parseHex("895446540d0a1a0a0001"))));
        assertEquals(
                WireCodec.HeaderKind.UNSUPPORTED_VERSION,
                WireCodec.classify(ByteBuffer.wrap(HEX.parseHex("895446540d0a1a0a0002"))));
        assertEquals(
                WireCodec.HeaderKind.GARBAGE,
                WireCodec.classify(ByteBuffer.wrap(HEX.parseHex("895446540d0a1a0a0000"))));
    }

    @Test
    void legacyHeaderWithNulOrSpacePadding() throws ProtocolException {
        for (byte pad : new byte[] {0, ' '}) {
            byte[] h = new byte[1024];
            Arrays.fill(h, pad);
            System.arraycopy("report.pdf|1234".getBytes(), 0, h, 0, 15);
            assertEquals(
                    new LegacyHeader("report.pdf", 1234),
                    WireCodec.decodeLegacyHeader(ByteBuffer.wrap(h)));
        }
    }

    @Test
    void hdr09MalformedInputsAreTypedErrors() {
        byte[] ff = new byte[1024];
        Arrays.fill(ff, (byte) 0xFF);
        assertEquals(
                6,
                assertThrows(
                                ProtocolException.class,
                                () -> WireCodec.decodeLegacyHeader(ByteBuffer.wrap(ff)))
                        .wireCode());
        byte[] noSize = Arrays.copyOf("a.txt|".getBytes(), 1024);
        assertEquals(
                6,
                assertThrows(
                                ProtocolException.class,
                                () -> WireCodec.decodeLegacyHeader(ByteBuffer.wrap(noSize)))
                        .wireCode());
        byte[] huge = Arrays.copyOf("a.txt|99999999999999999999".getBytes(), 1024);
        assertEquals(
                6,
                assertThrows(
                                ProtocolException.class,
                                () -> WireCodec.decodeLegacyHeader(ByteBuffer.wrap(huge)))
                        .wireCode());
        assertEquals(
                11, assertThrows(ProtocolException.class, () -> decode("0100010000")).wireCode());
        assertEquals(
                11,
                assertThrows(ProtocolException.class, () -> decode("1100000004" + "00000000"))
                        .wireCode());
        assertEquals(
                11,
                assertThrows(
                                ProtocolException.class,
                                () -> decode("11" + "00000008" + "ffffffffffffffff"))
                        .wireCode());
        assertEquals(
                11, assertThrows(ProtocolException.class, () -> decode("03000000010a")).wireCode());
    }

    @Test
    void sessionHeaderRejectsNonZeroPaddingAndBadIds() {
        ByteBuffer b = ByteBuffer.allocate(256);
        WireCodec.encodeSessionHeader(new SessionHeader(1, "ab", "x"), b);
        byte[] bytes = b.array();
        bytes[255] = 1;
        assertEquals(
                6,
                assertThrows(
                                ProtocolException.class,
                                () -> WireCodec.decodeSessionHeader(ByteBuffer.wrap(bytes)))
                        .wireCode());
        bytes[255] = 0;
        bytes[16] = '/';
        assertEquals(
                6,
                assertThrows(
                                ProtocolException.class,
                                () -> WireCodec.decodeSessionHeader(ByteBuffer.wrap(bytes)))
                        .wireCode());
    }
}
