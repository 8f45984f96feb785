package dev.tft.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Command-line errors, help, version and completion; none needs a daemon. */
@Timeout(20)
class UsageTest {
    @TempDir Path dir;

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                Arguments.of(
                        new String[] {"frobnicate"},
                        "tft: unknown command \"frobnicate\": run `tft help` for usage"),
                Arguments.of(
                        new String[] {"peers", "--yaml"},
                        "tft: unknown option \"--yaml\" for peers: run `tft help peers` for usage"),
                Arguments.of(
                        new String[] {"peers", "extra"},
                        "tft: peers takes no arguments: run `tft help peers` for usage"),
                Arguments.of(
                        new String[] {"push", "laptop"},
                        "tft: push needs a PEER and at least one PATH: run `tft help push` for usage"),
                Arguments.of(
                        new String[] {"push", "--raw", "h", "/a", "/b"},
                        "tft: push --raw sends exactly one FILE: run `tft help push` for usage"),
                Arguments.of(
                        new String[] {"status", "-x"},
                        "tft: unknown option \"-x\" for status: run `tft help status` for usage"),
                Arguments.of(
                        new String[] {"help", "nope"},
                        "tft: no help for \"nope\": run `tft help` for usage"),
                Arguments.of(
                        new String[] {"completion", "fish"},
                        "tft: completion takes one shell, bash or zsh: run `tft help completion` for usage"),
                Arguments.of(
                        new String[] {"\u001B[2Jx"},
                        "tft: unknown command \"\\x1B[2Jx\": run `tft help` for usage"));
    }

    @ParameterizedTest
    @MethodSource("usageErrors")
    void usageErrorsExit64WithOneLine(String[] args, String line) {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, args);
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals(line + "\n", r.err());
        assertEquals("", r.out());
    }

    @Test
    void noArgumentsPrintsOverviewToStderr() {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false);
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("usage: tft COMMAND"));
    }

    @Test
    void daemonReachingThisMainSaysToUseTheLauncher() {
        CliHarness.Result r =
                CliHarness.run(dir.resolve("none.sock"), false, "daemon", "--port", "1");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals(1, r.err().lines().count());
        assertTrue(r.err().contains("`tft` launcher"), r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"help", "--help", "-h"})
    void helpListsEveryCommand(String arg) {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, arg);
        assertEquals(ExitCode.OK, r.code());
        for (CommandSpec c : CommandSpec.values()) {
            assertTrue(r.out().contains("  " + c.name + " "), c.name);
        }
    }

    @Test
    void commandHelp() {
        CliHarness.Result a = CliHarness.run(dir.resolve("none.sock"), false, "help", "push");
        CliHarness.Result b = CliHarness.run(dir.resolve("none.sock"), false, "push", "--help");
        assertEquals(a, b);
        assertTrue(a.out().startsWith("usage: tft push PEER PATH... [--json]\n"));
        assertTrue(a.out().contains("--raw"));
    }

    @Test
    void cdsTrainingRunsEveryCommandSilently() {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, "__cds-train");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals("", r.out() + r.err());
    }

    @Test
    void version() {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, "--version");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().startsWith("tft "), r.out());
    }

    @Test
    void bashCompletionIsValidBashAndCoversTheTable() throws Exception {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, "completion", "bash");
        assertEquals(ExitCode.OK, r.code());
        for (CommandSpec c : CommandSpec.values()) {
            assertTrue(r.out().contains(c.name + ")"), c.name);
        }
        assertTrue(r.out().contains("--json --raw"));
        assertSyntaxOk("bash", r.out());
    }

    @Test
    void zshCompletionIsValidZsh() throws Exception {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, "completion", "zsh");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().startsWith("#compdef tft\n"));
        assertTrue(r.out().contains("'--raw["));
        assertSyntaxOk("zsh", r.out());
    }

    /** Runs {@code shell -n} on the script if that shell is installed. */
    private void assertSyntaxOk(String shell, String script)
            throws IOException, InterruptedException {
        if (Stream.of(System.getenv("PATH").split(":"))
                .noneMatch(p -> Files.isExecutable(Path.of(p, shell)))) {
            return;
        }
        Path f = Files.writeString(dir.resolve("completion." + shell), script);
        Process p = new ProcessBuilder(shell, "-n", f.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }
}
