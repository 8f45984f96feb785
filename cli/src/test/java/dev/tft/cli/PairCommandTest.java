package dev.tft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.PairEvent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@code tft pair}: the code, the question, --yes, no terminal, and refusals. */
@Timeout(20)
final class PairCommandTest {
    private static final String FP =
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir Path dir;

    private static List<String> script(PairEvent last) {
        return List.of(
                ControlCodec.pairEvent(new PairEvent.Waiting("bravo", "initiator")),
                ControlCodec.pairEvent(new PairEvent.Code("042917", "bravo", "id-b", FP)),
                ControlCodec.pairEvent(last));
    }

    @Test
    void withYesTheCodeIsShownAndConfirmed() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d =
                new FakeDaemon(sock, true, script(new PairEvent.Paired("bravo", "id-b", FP)))) {
            CliHarness.Result r = CliHarness.run(sock, false, "pair", "bravo", "--yes");
            assertEquals(ExitCode.OK, r.code(), r.err());
            assertTrue(r.out().contains("pairing code: 042 917"), r.out());
            assertTrue(r.out().contains("paired with bravo"), r.out());
            assertEquals(List.of("{\"op\":\"pair\",\"peer\":\"bravo\"}"), d.requests);
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the test, not used
    void onATerminalTheUserIsAskedAndANoIsARefusal() throws Exception {
        Path sock = dir.resolve("tft.sock");
        PairEvent refused =
                new PairEvent.Failed(
                        new ControlError(
                                ControlError.Code.REJECTED,
                                "pairing with bravo was not confirmed on both sides: nothing was"
                                        + " trusted"));
        try (FakeDaemon d = new FakeDaemon(sock, true, script(refused))) {
            CliHarness h = new CliHarness(sock, true);
            h.tft.withStdin(new ByteArrayInputStream("n\n".getBytes(StandardCharsets.UTF_8)));
            ExitCode code = h.tft.run("pair", "bravo");
            assertEquals(ExitCode.NOPERM, code, h.err());
            assertTrue(h.out().contains("Does bravo show 042 917? [y/N]"), h.out());
            assertTrue(h.err().contains("not confirmed on both sides"), h.err());
        }
    }

    @Test
    @SuppressWarnings("try") // the resource is held open for the test, not used
    void withoutATerminalOrYesItPrintsTheCodeAndRefuses() throws Exception {
        Path sock = dir.resolve("tft.sock");
        try (FakeDaemon d =
                new FakeDaemon(sock, true, script(new PairEvent.Paired("bravo", "id-b", FP)))) {
            CliHarness.Result r = CliHarness.run(sock, false, "pair", "bravo");
            assertEquals(ExitCode.NOPERM, r.code());
            assertTrue(r.out().contains("pairing code: 042 917"), r.out());
            assertTrue(r.err().contains("--yes"), r.err());
        }
    }

    @Test
    void pairNeedsExactlyOnePeer() {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, "pair");
        assertEquals(ExitCode.USAGE, r.code());
    }
}
