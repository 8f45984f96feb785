package dev.tft.cli;

import dev.tft.control.ControlClient;
import dev.tft.control.ControlPaths;
import dev.tft.control.DaemonUnavailableException;
import dev.tft.control.Escape;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code tft} application: parses the command line, runs one command and returns its exit code.
 * All output goes to the injected streams; the socket path comes from the injected environment
 * ({@code TFT_SOCKET}, see {@link ControlPaths}); time from the injected clock.
 *
 * <p>Thread-safety: {@link #run(String...)} runs on one thread; {@link #interrupt()} may be called
 * from another (the Ctrl-C shutdown hook).
 */
public final class Tft {
    static final String VERSION = versionOf(Tft.class);

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean tty;
    private final Clock clock;
    private final Duration replyTimeout;
    private final Cancellation cancellation = new Cancellation();

    /** Where {@code tft pair} reads the user's answer; tests replace it. */
    private InputStream stdin = System.in;

    private final Connector connector = new Connector() { // not a lambda: start-up time
                @Override
                public ControlClient connect() throws CliException {
                    return Tft.this.connect();
                }
            };

    /**
     * @param env the environment (for the socket path)
     * @param out standard output
     * @param err standard error (errors, progress)
     * @param tty true if attached to a terminal: a progress bar instead of plain lines
     * @param clock for "3s ago" and the time waited; its zone is the one local times are shown in
     *     ({@code tft open}, {@code status}, {@code trust}, {@code history})
     * @param replyTimeout how long a command with a one-line reply ({@code peers}, {@code status},
     *     {@code pending}, ...) waits for it (a push waits as long as it streams; Ctrl-C ends it)
     */
    public Tft(
            Map<String, String> env,
            PrintStream out,
            PrintStream err,
            boolean tty,
            Clock clock,
            Duration replyTimeout) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.out = Objects.requireNonNull(out, "out");
        this.err = Objects.requireNonNull(err, "err");
        this.tty = tty;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.replyTimeout = Objects.requireNonNull(replyTimeout, "replyTimeout");
    }

    /** Reads answers (the pairing confirmation) from {@code in} instead of standard input. */
    Tft withStdin(InputStream in) {
        this.stdin = Objects.requireNonNull(in, "in");
        return this;
    }

    /** Runs {@code tft ARGS...} and returns the exit code; never throws for expected failures. */
    public ExitCode run(String... args) {
        try {
            return dispatch(Arrays.asList(args));
        } catch (CliException e) {
            if (!e.getMessage().isEmpty()) { // empty: the Ctrl-C hook already printed the line
                err.println("tft: " + e.getMessage());
            }
            return e.exitCode();
        } finally {
            out.flush();
            err.flush();
        }
    }

    /**
     * Ctrl-C: if a push is running, prints one line, closes the socket (the daemon then cancels the
     * push) and makes {@link #run} return {@link ExitCode#CANCELLED}. Otherwise does nothing.
     */
    public void interrupt() {
        cancellation.interrupt(err);
    }

    /** {@link #interrupt()} as a Runnable for {@code Runtime.addShutdownHook}. */
    public Runnable interruptHook() {
        return new Runnable() { // not a lambda: lambdas cost start-up time
            @Override
            public void run() {
                interrupt();
            }
        };
    }

    private ExitCode dispatch(List<String> args) throws CliException {
        if (args.isEmpty()) {
            err.print(CommandSpec.overview());
            return ExitCode.USAGE;
        }
        String first = args.get(0);
        List<String> rest = args.subList(1, args.size());
        if (first.equals("--version") || first.equals("-V")) {
            out.println("tft " + VERSION);
            return ExitCode.OK;
        }
        if (first.equals("--help") || first.equals("-h")) {
            return help(List.of());
        }
        if (first.equals("__cds-train")) { // hidden: used by install.sh to build the AppCDS archive
            try {
                return CdsTraining.run();
            } catch (java.io.IOException e) {
                throw new CliException(ExitCode.IOERR, "CDS training failed: " + e.getMessage());
            }
        }
        CommandSpec command = CommandSpec.find(first);
        if (command == null) {
            throw CliException.usage("unknown command " + Args.quote(first), null);
        }
        if (command == CommandSpec.DAEMON) {
            // The launcher script routes `tft daemon` to the daemon's main class; its flags are not
            // ours.
            throw new CliException(
                    ExitCode.USAGE,
                    "`daemon` is handled by the `tft` launcher script,"
                            + " not by this entry point: run the installed `tft daemon` or `systemctl --user start tft`");
        }
        Args parsed = Args.parse(command.name, rest, command.flagNames(), command.optionNames());
        if (parsed.has("--help")) {
            out.print(command.help());
            return ExitCode.OK;
        }
        return runCommand(command, parsed);
    }

    private ExitCode runCommand(CommandSpec command, Args args) throws CliException {
        switch (command) {
            case PEERS:
                return new PeersCommand(connector, out, clock, replyTimeout).run(args);
            case PUSH:
                return new PushCommand(connector, out, err, tty, clock, cancellation).run(args);
            case STATUS:
                return new StatusCommand(connector, out, clock, replyTimeout).run(args);
            case PENDING:
                return new PendingCommand(connector, out, replyTimeout).run(args);
            case ACCEPT:
                return new AcceptCommand(connector, out, replyTimeout).run(args);
            case REJECT:
                return new RejectCommand(connector, out, replyTimeout).run(args);
            case OPEN:
                return new OpenCommand(connector, out, clock, replyTimeout).run(args);
            case TRUST:
                return new TrustCommand(connector, out, clock, replyTimeout).run(args);
            case UNTRUST:
                return new UntrustCommand(connector, out, replyTimeout).run(args);
            case HISTORY:
                return new HistoryCommand(connector, out, clock, replyTimeout).run(args);
            case PAIR:
                return new PairCommand(connector, out, tty, stdin).run(args);
            case HELP:
                return help(args.positional());
            case COMPLETION:
                return completion(args.positional());
            default: // DAEMON is handled in dispatch
                throw new AssertionError(command);
        }
    }

    private ExitCode help(List<String> topics) throws CliException {
        if (topics.isEmpty()) {
            out.print(CommandSpec.overview());
            return ExitCode.OK;
        }
        CommandSpec c = CommandSpec.find(topics.get(0));
        if (c == null || topics.size() > 1) {
            throw CliException.usage("no help for " + Args.quote(String.join(" ", topics)), null);
        }
        out.print(c.help());
        return ExitCode.OK;
    }

    private ExitCode completion(List<String> shells) throws CliException {
        String shell = shells.size() == 1 ? shells.get(0) : "";
        if (shell.equals("bash")) {
            out.print(Completion.bash());
        } else if (shell.equals("zsh")) {
            out.print(Completion.zsh());
        } else {
            throw CliException.usage("completion takes one shell, bash or zsh", "completion");
        }
        return ExitCode.OK;
    }

    /** Opens a connection to the daemon, or explains why not. */
    ControlClient connect() throws CliException {
        Path socket = ControlPaths.socketPath(env);
        try {
            return ControlClient.connect(socket);
        } catch (DaemonUnavailableException e) {
            throw new CliException(ExitCode.forUnavailable(e.reason()), unavailable(e));
        }
    }

    private static String unavailable(DaemonUnavailableException e) {
        String path = Escape.forTerminal(e.socket().toString());
        String start = ": start it with `systemctl --user start tft` or `tft daemon`";
        switch (e.reason()) {
            case NO_SOCKET:
                return "the tft daemon is not running (no socket at " + path + ")" + start;
            case NOT_LISTENING:
                return "the tft daemon is not running (nothing listening on " + path + ")" + start;
            default:
                return "cannot connect to the tft daemon at "
                        + path
                        + " (permission denied): run tft as"
                        + " the user who runs the daemon, or set TFT_SOCKET to your own daemon's socket";
        }
    }

    private static String versionOf(Class<?> c) {
        String v = c.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /** Opens a daemon connection; {@code Tft::connect}, a seam for the commands. */
    interface Connector {
        ControlClient connect() throws CliException;
    }
}
