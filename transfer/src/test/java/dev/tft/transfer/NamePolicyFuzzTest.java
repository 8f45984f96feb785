package dev.tft.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;

/**
 * Property: for every byte string, the policy either refuses it or yields one NFC component of at
 * most 255 UTF-8 bytes, with no separator, NUL or control, that is idempotent and resolves to a
 * direct child of the inbox. The seed corpus in {@code
 * NamePolicyFuzzTestInputs/acceptsOnlySafeLeafNames} replays in every build.
 */
class NamePolicyFuzzTest {
    private static final Path ROOT = Path.of("/srv/inbox");

    @FuzzTest(maxDuration = "10s")
    void acceptsOnlySafeLeafNames(byte[] input) throws Exception {
        String name;
        try {
            name = NamePolicy.accept(input);
        } catch (NamePolicy.BadNameException refused) {
            return;
        }
        assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255);
        assertTrue(Normalizer.isNormalized(name, Normalizer.Form.NFC));
        assertTrue(name.chars().noneMatch(c -> c < 0x20 || c == '/' || c == '\\' || c == 0x7f));
        assertEquals(name, NamePolicy.component(name));
        assertEquals(ROOT, ROOT.resolve(name).normalize().getParent());
    }
}
