package dev.tft.cli;

import dev.tft.control.ControlClient;
import dev.tft.control.ControlCodec;
import dev.tft.control.ControlException;
import dev.tft.control.ControlRequest;
import dev.tft.control.Escape;
import dev.tft.control.PairEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code tft pair PEER [--yes]}: both owners run it; both screens show one six-digit code; each
 * owner confirms that the other screen shows the same; only then does each daemon trust the other.
 * Without a terminal and without {@code --yes} it prints the code and refuses (nothing is trusted).
 */
final class PairCommand {
    private final Tft.Connector connector;
    private final PrintStream out;
    private final boolean tty;
    private final InputStream stdin;

    PairCommand(Tft.Connector connector, PrintStream out, boolean tty, InputStream stdin) {
        this.connector = connector;
        this.out = out;
        this.tty = tty;
        this.stdin = stdin;
    }

    ExitCode run(Args args) throws CliException {
        List<String> pos = args.positional();
        if (pos.size() != 1 || pos.get(0).isBlank()) {
            throw CliException.usage("pair needs exactly one PEER (see `tft peers`)", "pair");
        }
        boolean yes = args.has("--yes");
        String peer = pos.get(0);
        ControlClient client = connector.connect();
        try {
            client.send(new ControlRequest.Pair(peer));
            while (true) {
                String line = client.readLine();
                if (line == null) {
                    throw new CliException(
                            ExitCode.IOERR,
                            "the daemon closed the connection during pairing: check its log and"
                                    + " run tft pair again");
                }
                PairEvent e = ControlCodec.decodePairEvent(line);
                if (e instanceof PairEvent.Waiting w) {
                    out.println(
                            "pairing with "
                                    + Escape.forTerminal(w.peer(), 64)
                                    + ": run `tft pair` for this machine on "
                                    + Escape.forTerminal(w.peer(), 64)
                                    + " within 2 minutes");
                    out.flush();
                } else if (e instanceof PairEvent.Code c) {
                    boolean ok = confirm(c, yes);
                    client.send(new ControlRequest.Confirm(ok));
                    if (!ok && !yes && !tty) {
                        throw new CliException(
                                ExitCode.NOPERM,
                                "not confirmed: no terminal to ask on; compare the code another"
                                        + " way and run tft pair "
                                        + Escape.forTerminal(peer, 64)
                                        + " --yes");
                    }
                } else if (e instanceof PairEvent.Paired p) {
                    out.println(
                            "paired with "
                                    + Escape.forTerminal(p.peer(), 64)
                                    + ": its key is trusted now (fingerprint "
                                    + Format.hexBlocks(p.fingerprint())
                                    + ")");
                    return ExitCode.OK;
                } else {
                    throw CliException.fromDaemon(((PairEvent.Failed) e).error());
                }
            }
        } catch (ControlException e) {
            throw DaemonCall.garbled(e);
        } catch (IOException e) {
            throw DaemonCall.lost(e);
        } finally {
            client.close();
        }
    }

    /** Shows the code and asks (or, with {@code --yes}, confirms at once). */
    private boolean confirm(PairEvent.Code c, boolean yes) throws IOException {
        String code = c.code().substring(0, 3) + " " + c.code().substring(3);
        String peer = Escape.forTerminal(c.peer(), 64);
        out.println("pairing code: " + code + "   (" + peer + " must show the same code)");
        out.println("  " + peer + "'s key: " + Format.hexBlocks(c.fingerprint()));
        if (yes) {
            return true;
        }
        if (!tty) {
            return false;
        }
        out.print("Does " + peer + " show " + code + "? [y/N] ");
        out.flush();
        String answer =
                new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        return answer != null
                && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
    }
}
