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
                        "tft: unknown command \"\\x1B[2Jx\": run `tft help` for usage"),
                Arguments.of(
                        new String[] {"pending", "o-1"},
                        "tft: pending takes no arguments: run `tft help pending` for usage"),
                Arguments.of(
                        new String[] {"accept", "o-1", "o-2"},
                        "tft: accept takes at most one OFFER: run `tft help accept` for usage"),
                Arguments.of(
                        new String[] {"accept", ""},
                        "tft: OFFER must not be blank (see `tft pending`): run `tft help accept` for usage"),
                Arguments.of(
                        new String[] {"accept", "--json"},
                        "tft: unknown option \"--json\" for accept: run `tft help accept` for usage"),
                Arguments.of(
                        new String[] {"reject", "o-1", "o-2"},
                        "tft: reject takes at most one OFFER: run `tft help reject` for usage"),
                Arguments.of(
                        new String[] {"reject", "--trust"},
                        "tft: unknown option \"--trust\" for reject: run `tft help reject` for usage"),
                Arguments.of(
                        new String[] {"open", "1m", "2m"},
                        "tft: open takes at most one DURATION: run `tft help open` for usage"),
                Arguments.of(
                        new String[] {"open", "--off", "5m"},
                        "tft: open --off takes no DURATION: run `tft help open` for usage"),
                Arguments.of(
                        new String[] {"open", "-5"},
                        "tft: unknown option \"-5\" for open: run `tft help open` for usage"),
                Arguments.of(
                        new String[] {"trust", "a", "b"},
                        "tft: trust takes at most one PEER: run `tft help trust` for usage"),
                Arguments.of(
                        new String[] {"trust", " "},
                        "tft: PEER must not be blank (see `tft peers`): run `tft help trust` for usage"),
                Arguments.of(
                        new String[] {"untrust"},
                        "tft: untrust needs one PEER (see `tft trust`): run `tft help untrust` for usage"),
                Arguments.of(
                        new String[] {"untrust", "a", "b"},
                        "tft: untrust needs one PEER (see `tft trust`): run `tft help untrust` for usage"),
                Arguments.of(
                        new String[] {"history", "x"},
                        "tft: history takes no arguments (-n N sets how many): run `tft help history` for usage"),
                Arguments.of(
                        new String[] {"history", "--", "-n", "5"},
                        "tft: history takes no arguments (-n N sets how many): run `tft help history` for usage"),
                Arguments.of(
                        new String[] {"history", "--json", "-n"},
                        "tft: option -n needs a value: run `tft help history` for usage"),
                Arguments.of(
                        new String[] {"peers", "-n", "5"},
                        "tft: unknown option \"-n\" for peers: run `tft help peers` for usage"));
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
    void helpShowsOptionsWithAValue() {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, "help", "history");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().startsWith("usage: tft history [-n N] [--json]\n"), r.out());
        assertTrue(
                r.out()
                        .contains(
                                "\n  -n N      show the N most recent (default 20, at most 10000)\n"),
                r.out());
        CliHarness.Result open = CliHarness.run(dir.resolve("none.sock"), false, "open", "-h");
        assertTrue(open.out().contains("tft open --off"), open.out());
        assertTrue(open.out().contains("  --off     close the open window now\n"), open.out());
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
        assertTrue(r.out().contains("    history)\n      case \"$prev\" in -n) return ;; esac\n"));
        assertTrue(r.out().contains("--help --trust"), r.out());
        assertTrue(r.out().contains("--help --off"), r.out());
        assertSyntaxOk("bash", r.out());
    }

    @Test
    void zshCompletionIsValidZsh() throws Exception {
        CliHarness.Result r = CliHarness.run(dir.resolve("none.sock"), false, "completion", "zsh");
        assertEquals(ExitCode.OK, r.code());
        assertTrue(r.out().startsWith("#compdef tft\n"));
        assertTrue(r.out().contains("'--raw["));
        for (CommandSpec c : CommandSpec.values()) {
            assertTrue(r.out().contains("    '" + c.name + ":"), c.name);
            assertTrue(r.out().contains("    " + c.name + ")\n"), c.name);
        }
        assertTrue(
                r.out().contains("'-n[show the N most recent (default 20, at most 10000)]:N: '"),
                r.out());
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
