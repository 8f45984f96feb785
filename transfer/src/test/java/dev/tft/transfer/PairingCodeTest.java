package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Golden vectors of the pairing code (part A §11). The expected values were computed outside Java,
 * with python3's hashlib:
 *
 * <pre>
 * fpI = sha256(b"initiator").hexdigest(); fpR = sha256(b"responder").hexdigest()
 * d = sha256(b"tft-pair-v1" + fpI.encode() + fpR.encode() + nI + nR).digest()
 * "%06d" % (int.from_bytes(d[:4], "big") % 1000000)
 * </pre>
 *
 * Changing one of them breaks pairing with every deployed peer.
 */
class PairingCodeTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String FP_I =
            "59eb3cb130074f7b1ddb99c8fe14f27e1dbca735bb3da82e1ff0305340a32419";
    private static final String FP_R =
            "6dcde155f1f900e157d25bb5c24b1a54d71ea35b78661ed9b1a8be3532c3d4f5";

    private static byte[] range(int from) {
        byte[] b = new byte[32];
        for (int i = 0; i < 32; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[32];
        Arrays.fill(b, (byte) v);
        return b;
    }

    @Test
    void fingerprintsOfTheVectorsAreWhatTheCommentSays() throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        assertEquals(
                FP_I, HEX.formatHex(d.digest("initiator".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(
                FP_R, HEX.formatHex(d.digest("responder".getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void goldenCodes() {
        // digest 69f23aec…: 0x69f23aec = 1777482476
        assertEquals("482476", PairingCode.code(FP_I, FP_R, range(0), range(32)));
        // digest 09a873a1…: a leading zero must be kept
        assertEquals("034593", PairingCode.code(FP_I, FP_R, filled(0), filled(100)));
        // digest ea8672ae…: above 2^31, so the u32 must be read unsigned
        assertEquals("679726", PairingCode.code(FP_I, FP_R, filled(2), filled(102)));
    }

    @Test
    void theRolesAreNotInterchangeable() {
        assertNotEquals(
                PairingCode.code(FP_I, FP_R, range(0), range(32)),
                PairingCode.code(FP_R, FP_I, range(0), range(32)));
    }

    @Test
    void commitmentIsSha256OfTheNonce() {
        assertArrayEquals(
                HEX.parseHex("630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"),
                PairingCode.commitment(range(0)));
        assertTrue(PairingCode.opens(range(0), PairingCode.commitment(range(0))));
        assertFalse(PairingCode.opens(range(1), PairingCode.commitment(range(0))));
    }

    @Test
    void noncesAreFreshAndOfTheRightSize() {
        assertEquals(32, PairingCode.nonce().length);
        assertFalse(Arrays.equals(PairingCode.nonce(), PairingCode.nonce()));
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(
                IllegalArgumentException.class,
                () -> PairingCode.code(FP_I.toUpperCase(), FP_R, range(0), range(32)));
        assertThrows(
                IllegalArgumentException.class,
                () -> PairingCode.code(FP_I.substring(1), FP_R, range(0), range(32)));
        assertThrows(
                IllegalArgumentException.class,
                () -> PairingCode.code(FP_I, FP_R, new byte[31], range(32)));
        assertThrows(IllegalArgumentException.class, () -> PairingCode.commitment(new byte[33]));
    }
}
