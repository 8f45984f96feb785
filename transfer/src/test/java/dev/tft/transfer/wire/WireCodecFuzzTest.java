package dev.tft.transfer.wire;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.ByteBuffer;

/**
 * HDR-12: the header and frame parsers only ever throw {@link ProtocolException}, never allocate
 * beyond their bounds and never loop. Seed corpora in {@code WireCodecFuzzTestInputs/<method>}
 * replay in every build.
 */
class WireCodecFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void headerParserThrowsOnlyProtocolExceptions(byte[] input) {
        ByteBuffer b = ByteBuffer.wrap(input);
        try {
            WireCodec.HeaderKind k = WireCodec.classify(b);
            // The first-byte dispatch: TLS exactly when the first byte is a handshake record.
            boolean tls = input.length > 0 && (input[0] & 0xff) == 0x16;
            if ((k == WireCodec.HeaderKind.TLS) != tls) {
                throw new AssertionError(
                        "first byte " + (input.length > 0 ? input[0] : -1) + " -> " + k);
            }
            if (k == WireCodec.HeaderKind.TLS) {
                return;
            }
            if (k == WireCodec.HeaderKind.LEGACY) {
                WireCodec.decodeLegacyHeader(b);
            } else {
                WireCodec.decodeSessionHeader(b);
            }
        } catch (ProtocolException expected) {
            // Refusing is fine; anything else escapes and fails the test.
        }
    }

    @FuzzTest(maxDuration = "10s")
    void frameParserThrowsOnlyProtocolExceptions(byte[] input) {
        ByteBuffer b = ByteBuffer.wrap(input);
        try {
            while (WireCodec.frameSize(b) >= 0 && b.remaining() >= WireCodec.frameSize(b)) {
                Frame f = WireCodec.decode(b);
                ByteBuffer again = ByteBuffer.allocate(9000);
                WireCodec.encode(f, again);
            }
        } catch (ProtocolException expected) {
            // Refusing is fine.
        }
    }
}
