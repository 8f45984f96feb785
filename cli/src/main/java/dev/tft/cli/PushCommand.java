package dev.tft.cli;

import dev.tft.control.ControlClient;
import dev.tft.control.ControlCodec;
import dev.tft.control.ControlException;
import dev.tft.control.ControlRequest;
import dev.tft.control.PushEvent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code tft push PEER PATH... [--json]} and {@code tft push --raw HOST[:PORT] FILE}. Paths are
 * checked and made absolute before the daemon is contacted. Exit 0 only on a {@code done} event;
 * while the receiver's owner decides ({@code waiting}) the push simply waits, and a refusal ends it
 * with the daemon's one-line {@code rejected} message (exit 77).
 */
final class PushCommand {
    private final Tft.Connector connector;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;
    private final Clock clock;
    private final Cancellation cancellation;

    PushCommand(
            Tft.Connector connector,
            PrintStream out,
            PrintStream err,
            boolean tty,
            Clock clock,
            Cancellation cancellation) {
        this.connector = connector;
        this.out = out;
        this.err = err;
        this.tty = tty;
        this.clock = clock;
        this.cancellation = cancellation;
    }

    ExitCode run(Args args) throws CliException {
        boolean raw = args.has("--raw");
        List<String> pos = args.positional();
        if (pos.size() < 2) {
            throw CliException.usage(
                    raw
                            ? "push --raw needs HOST[:PORT] and one FILE"
                            : "push needs a PEER and at least one PATH",
                    "push");
        }
        if (raw && pos.size() != 2) {
            throw CliException.usage("push --raw sends exactly one FILE", "push");
        }
        List<String> paths = new ArrayList<>();
        for (String arg : pos.subList(1, pos.size())) {
            paths.add(resolve(arg, raw));
        }
        ControlRequest.Push request = new ControlRequest.Push(pos.get(0), paths, raw);
        return stream(request, args.has("--json"));
    }

    /** Checks a path and makes it absolute; throws {@link ExitCode#NOINPUT} if unusable. */
    static String resolve(String arg, boolean raw) throws CliException {
        Path p;
        try {
            p = Path.of(arg).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new CliException(
                    ExitCode.NOINPUT,
                    "cannot use the path "
                            + Args.quote(arg)
                            + " in this locale: set a UTF-8 locale (e.g. LANG=C.UTF-8) and retry");
        }
        if (!Files.exists(p)) {
            throw new CliException(
                    ExitCode.NOINPUT,
                    "no such file or directory: " + Args.quote(arg) + ": check the path");
        }
        if (raw && !Files.isRegularFile(p)) {
            throw new CliException(
                    ExitCode.NOINPUT,
                    "push --raw sends one regular file, and "
                            + Args.quote(arg)
                            + " is not one: push it without --raw to a tft peer");
        }
        if (!Files.isReadable(p)) {
            throw new CliException(
                    ExitCode.NOINPUT,
                    "cannot read "
                            + Args.quote(arg)
                            + " (permission denied): check its permissions");
        }
        return p.toString();
    }

    private ExitCode stream(ControlRequest.Push request, boolean json) throws CliException {
        ProgressView view = new ProgressView(out, err, tty, clock);
        ControlClient client = connector.connect();
        cancellation.start(client, view);
        try {
            client.send(request);
            while (true) {
                String line = client.readLine();
                if (line == null) {
                    throw cancelledOr(
                            new CliException(
                                    ExitCode.IOERR,
                                    "the daemon closed the connection"
                                            + " before the push finished: check its log (`journalctl --user -u tft`) and push"
                                            + " again to resume"));
                }
                PushEvent event = ControlCodec.decodeEvent(line);
                if (json) {
                    out.println(line);
                    out.flush();
                } else {
                    view.on(event);
                }
                if (event instanceof PushEvent.Done) {
                    return ExitCode.OK;
                }
                if (event instanceof PushEvent.Failed) {
                    throw CliException.fromDaemon(((PushEvent.Failed) event).error());
                }
            }
        } catch (ControlException e) {
            throw cancelledOr(DaemonCall.garbled(e));
        } catch (IOException e) {
            throw cancelledOr(DaemonCall.lost(e));
        } finally {
            cancellation.finish();
            client.close();
        }
    }

    /** After Ctrl-C the hook has already printed the one line: exit 130 silently. */
    private CliException cancelledOr(CliException e) {
        return cancellation.interrupted() ? new CliException(ExitCode.CANCELLED, "") : e;
    }
}
