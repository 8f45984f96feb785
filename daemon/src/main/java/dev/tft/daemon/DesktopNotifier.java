package dev.tft.daemon;

import dev.tft.control.Escape;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Desktop notifications through the platform's command-line tool: on Linux (and other freedesktop
 * systems) {@code notify-send}, else {@code gdbus} calling {@code
 * org.freedesktop.Notifications.Notify}; on macOS {@code osascript}. The tool is chosen once, by
 * {@link #create}; with no desktop session or no tool, notifications are off ({@link
 * Notifier#NONE}).
 *
 * <p><b>Never in the way of a transfer.</b> {@link #pending} and {@link #received} only format the
 * text and queue it (a small bounded queue; a full queue drops the text); one daemon thread,
 * {@value #THREAD_NAME}, runs the tool, one process at a time, with its output discarded, killing
 * it (and its children) after {@link Limits#processTimeout} (5 s). A tool that fails, hangs or is
 * missing is logged at most once an hour and never reported to the caller.
 *
 * <p><b>Rate limit.</b> At most {@link Limits#perWindow} notifications (6) are shown in any sliding
 * {@link Limits#window} (1 minute). Once one is held back, every later one is held back too and
 * counted, until a single summary "…and K more pushes" is shown: as soon as the window has room
 * again, and never sooner than a window after the previous summary. The summary counts as one of
 * the window's notifications. So a flood shows at most 6 notifications a minute, one of them a
 * summary, and nothing is silently lost (texts dropped because the queue was full are counted in
 * the summary too).
 *
 * <p><b>Peer text.</b> Peer names and file names are escaped with {@link Escape} (control, bidi and
 * zero-width characters become visible escapes, so a name cannot inject a newline, recolour a
 * terminal or reorder the text) and cut to {@value #MAX_PEER} and {@value #MAX_NAME} chars, so a
 * notification is at most {@value #MAX_TEXT} chars. The freedesktop tools get the text with {@code
 * &}, {@code <} and {@code >} as XML entities (notification servers parse the body as markup: a
 * name must not become a link or an image); {@code osascript} gets it as an AppleScript string
 * literal. The tool is run directly with one argv element per argument, never through a shell;
 * {@code notify-send} gets {@code --} before its positional arguments so a name starting with
 * {@code -} is not an option.
 *
 * <p>Thread-safe: callers hold a lock only for in-memory bookkeeping, never while a process runs.
 */
final class DesktopNotifier implements Notifier {
    static final String THREAD_NAME = "tft-notify";

    /** Longest notification text, in chars (before markup escaping). */
    static final int MAX_TEXT = 200;

    /** Longest peer label shown, in chars after escaping. */
    static final int MAX_PEER = 60;

    /** Longest file name shown, in chars after escaping. */
    static final int MAX_NAME = 96;

    /** Title of every notification. */
    static final String TITLE = "tft";

    /** How long {@code gdbus} asks the server to show a notification, in ms. */
    static final int GDBUS_EXPIRE_MS = 5000;

    /** Failures are logged at most this often. */
    static final Duration FAILURE_LOG_INTERVAL = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(DesktopNotifier.class);

    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB", "EB"};

    /**
     * Rate and resource bounds.
     *
     * @param perWindow notifications shown in any sliding {@code window}, including summaries; at
     *     least 1
     * @param window the rate-limit window; positive
     * @param processTimeout how long the tool may run before it is killed; positive
     * @param queueCapacity texts waiting for the thread; at least 1
     */
    record Limits(int perWindow, Duration window, Duration processTimeout, int queueCapacity) {
        /** 6 a minute, 5 s per process, 8 waiting. */
        static final Limits DEFAULT =
                new Limits(6, Duration.ofMinutes(1), Duration.ofSeconds(5), 8);

        Limits {
            Objects.requireNonNull(window, "window");
            Objects.requireNonNull(processTimeout, "processTimeout");
            if (perWindow < 1 || queueCapacity < 1) {
                throw new IllegalArgumentException("perWindow and queueCapacity must be >= 1");
            }
            if (window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive: " + window);
            }
            if (processTimeout.isNegative() || processTimeout.isZero()) {
                throw new IllegalArgumentException(
                        "processTimeout must be positive: " + processTimeout);
            }
        }
    }

    /** Starts a process. The default runs argv directly (no shell) with exactly {@code env}. */
    @FunctionalInterface
    interface Launcher {
        Process start(List<String> argv, Map<String, String> env) throws IOException;
    }

    /** Which tool, and how a text becomes its command line. */
    enum Kind {
        NOTIFY_SEND,
        GDBUS,
        OSASCRIPT
    }

    /**
     * The chosen tool.
     *
     * @param kind how to call it
     * @param tool its absolute path
     */
    record Backend(Kind kind, Path tool) {
        Backend {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(tool, "tool");
        }

        /**
         * The command line that shows {@code text} (already escaped and bounded). {@code gdbus}
         * parses each argument as a GVariant, so strings go as GVariant string literals rather than
         * bare text it would have to guess about.
         */
        List<String> argv(String text) {
            String exe = tool.toString();
            return switch (kind) {
                case NOTIFY_SEND -> List.of(exe, "--app-name=tft", "--", TITLE, markup(text));
                case GDBUS ->
                        List.of(
                                exe,
                                "call",
                                "--session",
                                "--dest",
                                "org.freedesktop.Notifications",
                                "--object-path",
                                "/org/freedesktop/Notifications",
                                "--method",
                                "org.freedesktop.Notifications.Notify",
                                gvariant("tft"),
                                "0",
                                gvariant(""),
                                gvariant(TITLE),
                                gvariant(markup(text)),
                                "[]",
                                "{}",
                                Integer.toString(GDBUS_EXPIRE_MS));
                case OSASCRIPT ->
                        List.of(
                                exe,
                                "-e",
                                "display notification "
                                        + appleScript(text)
                                        + " with title "
                                        + appleScript(TITLE));
            };
        }
    }

    private final Backend backend;
    private final Map<String, String> env;
    private final Launcher launcher;
    private final Limits limits;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    // Guarded by lock:
    private final ArrayDeque<String> texts = new ArrayDeque<>();
    private final ArrayDeque<Long> shown = new ArrayDeque<>(); // nanoTime of each, oldest first
    private int held;
    private long lastSummary;
    private boolean summarized;
    private boolean closed;

    // Confined to the notify thread:
    private long lastFailureLog;
    private boolean failureLogged;
    private int unloggedFailures;

    private DesktopNotifier(
            Backend backend, Map<String, String> env, Launcher launcher, Limits limits) {
        this.backend = backend;
        this.env = env;
        this.launcher = launcher;
        this.limits = limits;
        this.thread = new Thread(this::run, THREAD_NAME);
        thread.setDaemon(true);
    }

    /**
     * The daemon's notifier: {@link Notifier#NONE} if {@code enabled} is false (config {@code
     * "notify": false}), if there is no desktop session or no tool; else a started {@code
     * DesktopNotifier}. Looks the tools up on {@code env}'s {@code PATH} and runs them with {@code
     * env} as their environment.
     *
     * @param env the daemon's environment, normally {@link System#getenv()}
     */
    static Notifier create(Map<String, String> env, boolean enabled) {
        Map<String, String> copy = Map.copyOf(withoutNulls(env));
        return create(
                copy,
                enabled,
                System.getProperty("os.name", ""),
                name -> onPath(name, copy),
                DesktopNotifier::launch,
                Limits.DEFAULT);
    }

    /** As {@link #create(Map, boolean)}, with the OS, the tool lookup, the launcher and limits. */
    static Notifier create(
            Map<String, String> env,
            boolean enabled,
            String osName,
            Function<String, Optional<Path>> which,
            Launcher launcher,
            Limits limits) {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(osName, "osName");
        Objects.requireNonNull(which, "which");
        Objects.requireNonNull(launcher, "launcher");
        Objects.requireNonNull(limits, "limits");
        if (!enabled) {
            return NONE;
        }
        Optional<Backend> backend = choose(env, osName, which);
        if (backend.isEmpty()) {
            log.info("desktop notifications off: no desktop session or no notification tool");
            return NONE;
        }
        log.info("desktop notifications via {}", backend.get().tool());
        DesktopNotifier notifier =
                new DesktopNotifier(backend.get(), Map.copyOf(withoutNulls(env)), launcher, limits);
        notifier.thread.start();
        return notifier;
    }

    /**
     * The tool for this OS and environment: on macOS {@code osascript}; on Windows none; elsewhere,
     * given a desktop session ({@code DISPLAY}, {@code WAYLAND_DISPLAY} or {@code
     * DBUS_SESSION_BUS_ADDRESS} set), {@code notify-send}, else {@code gdbus} if {@code
     * DBUS_SESSION_BUS_ADDRESS} is set.
     */
    static Optional<Backend> choose(
            Map<String, String> env, String osName, Function<String, Optional<Path>> which) {
        String os = osName.toLowerCase(Locale.ROOT);
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return which.apply("osascript").map(p -> new Backend(Kind.OSASCRIPT, p));
        }
        if (os.startsWith("windows")) {
            return Optional.empty();
        }
        boolean bus = set(env, "DBUS_SESSION_BUS_ADDRESS");
        if (!bus && !set(env, "DISPLAY") && !set(env, "WAYLAND_DISPLAY")) {
            return Optional.empty(); // a headless server: nobody to show it to
        }
        Optional<Path> notifySend = which.apply("notify-send");
        if (notifySend.isPresent()) {
            return Optional.of(new Backend(Kind.NOTIFY_SEND, notifySend.get()));
        }
        return bus ? which.apply("gdbus").map(p -> new Backend(Kind.GDBUS, p)) : Optional.empty();
    }

    /**
     * The first regular, executable file {@code name} in a directory of {@code env}'s {@code PATH}.
     * Relative entries (including the empty one, meaning the working directory) are skipped: the
     * daemon never runs a program from wherever it was started.
     */
    static Optional<Path> onPath(String name, Map<String, String> env) {
        String path = env.get("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            try {
                Path d = Path.of(dir);
                if (!d.isAbsolute()) {
                    continue;
                }
                Path candidate = d.resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // A malformed PATH entry: skip it like a missing directory.
            }
        }
        return Optional.empty();
    }

    /** The tool this notifier runs. */
    Backend backend() {
        return backend;
    }

    @Override
    public void pending(String peerLabel, int files, long bytes, String firstName) {
        submit(pendingText(peerLabel, files, bytes, firstName));
    }

    @Override
    public void received(String peerLabel, int files, String firstStoredName) {
        submit(receivedText(peerLabel, files, firstStoredName));
    }

    /**
     * Stops the thread, killing a running tool; queued notifications are not shown. Waits at most a
     * second. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            texts.clear();
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        thread.interrupt(); // ends a wait for a running tool, which is then killed
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- texts ----

    /** "alpha wants to send report.pdf (3 MB): tft accept" or "... 3 files (12 MB): ...". */
    static String pendingText(String peerLabel, int files, long bytes, String firstName) {
        String what =
                files == 1 && firstName != null && !firstName.isEmpty()
                        ? Escape.forTerminal(firstName, MAX_NAME)
                        : count(Math.max(0, files), "file");
        return bounded(
                peer(peerLabel)
                        + " wants to send "
                        + what
                        + " ("
                        + size(Math.max(0, bytes))
                        + "): tft accept");
    }

    /** "received report.pdf from alpha" or "received report.pdf and 2 more files from alpha". */
    static String receivedText(String peerLabel, int files, String firstStoredName) {
        String what =
                firstStoredName == null || firstStoredName.isEmpty()
                        ? count(Math.max(0, files), "file")
                        : Escape.forTerminal(firstStoredName, MAX_NAME)
                                + (files > 1 ? " and " + count(files - 1, "more file") : "");
        return bounded("received " + what + " from " + peer(peerLabel));
    }

    /** The summary shown after {@code held} notifications were held back. */
    static String summaryText(int held) {
        return "\u2026and " + held + " more " + (held == 1 ? "push" : "pushes");
    }

    /** {@code 512 B}, {@code 3.4 MB}, {@code 3 MB}, {@code 12 MB} (decimal units). */
    static String size(long bytes) {
        if (bytes < 1000) {
            return bytes + " B";
        }
        double v = bytes;
        int u = 0;
        while (v >= 1000 && u < UNITS.length - 1) {
            v /= 1000;
            u++;
        }
        if (Math.round(v) >= 1000 && u < UNITS.length - 1) { // 999.7 KB reads better as 1 MB
            v /= 1000;
            u++;
        }
        long tenths = Math.round(v * 10);
        String number =
                v >= 10 || tenths % 10 == 0
                        ? Long.toString(Math.round(v))
                        : tenths / 10 + "." + tenths % 10;
        return number + " " + UNITS[u];
    }

    private static String peer(String label) {
        String escaped = Escape.forTerminal(label, MAX_PEER);
        return escaped.isEmpty() ? "a peer" : escaped;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Defensive: the parts are bounded so that this never cuts. */
    private static String bounded(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "\u2026";
    }

    /** For freedesktop servers, which read the body as (a subset of) XML markup. */
    static String markup(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * A GVariant text-format string literal; non-ASCII as {@code \}{@code uXXXX} escapes, so the
     * text survives a daemon running in the C locale (argv would be encoded as ASCII).
     */
    static String gvariant(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        text.codePoints()
                .forEach(
                        cp -> {
                            if (cp == '\\' || cp == '\'') {
                                out.append('\\').appendCodePoint(cp);
                            } else if (cp >= 0x20 && cp < 0x7F) {
                                out.appendCodePoint(cp);
                            } else if (cp <= 0xFFFF) {
                                out.append("\\u").append(hex(cp, 4));
                            } else {
                                out.append("\\U").append(hex(cp, 8));
                            }
                        });
        return out.append('\'').toString();
    }

    /** An AppleScript string literal: only {@code \} and {@code "} are special inside one. */
    static String appleScript(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String hex(int cp, int width) {
        String h = Integer.toHexString(cp);
        return "0".repeat(Math.max(0, width - h.length())) + h;
    }

    // ---- queue and rate limit (caller side) ----

    private void submit(String text) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            prune(now);
            if (held == 0 && shown.size() < limits.perWindow() && texts.size() < queueCapacity()) {
                texts.addLast(text);
                shown.addLast(now);
            } else {
                held++; // shown later as part of the summary count
            }
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private int queueCapacity() {
        return limits.queueCapacity();
    }

    /** Forgets notifications that left the window. Caller holds lock. */
    private void prune(long now) {
        long window = limits.window().toNanos();
        while (!shown.isEmpty() && now - shown.peekFirst() >= window) {
            shown.removeFirst();
        }
    }

    /** When the summary may be shown: when the window has room, a window after the last one. */
    private long summaryDue(long now) {
        long window = limits.window().toNanos();
        long due = shown.size() >= limits.perWindow() ? shown.peekFirst() + window : now;
        if (summarized && due - (lastSummary + window) < 0) {
            due = lastSummary + window;
        }
        return due;
    }

    // ---- the notify thread ----

    private void run() {
        try {
            while (true) {
                String text = next();
                if (text == null) {
                    return;
                }
                try {
                    show(text);
                } catch (RuntimeException e) {
                    // Not expected; this thread must outlive one bad notification.
                    failed("unexpected " + e);
                }
            }
        } catch (InterruptedException e) {
            // close()
        }
    }

    /** The next text to show, waiting as long as needed; null once closed. */
    private String next() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                if (!texts.isEmpty()) {
                    return texts.removeFirst();
                }
                if (held == 0) {
                    wake.await();
                    continue;
                }
                long now = System.nanoTime();
                prune(now);
                long wait = summaryDue(now) - now;
                if (wait > 0) {
                    wake.awaitNanos(wait);
                    continue;
                }
                String summary = summaryText(held);
                held = 0;
                summarized = true;
                lastSummary = now;
                shown.addLast(now);
                if (shown.size() > limits.perWindow()) {
                    shown.removeFirst();
                }
                return summary;
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    /** Runs the tool for {@code text}; returns when it exits or is killed. */
    private void show(String text) throws InterruptedException {
        Process p;
        try {
            p = launcher.start(backend.argv(text), env);
        } catch (IOException | RuntimeException e) {
            failed("cannot run " + backend.tool() + ": " + e);
            return;
        }
        try {
            if (!p.waitFor(limits.processTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                kill(p);
                failed(
                        backend.tool()
                                + " did not finish within "
                                + limits.processTimeout().toMillis()
                                + " ms; killed");
            } else if (p.exitValue() != 0) {
                failed(backend.tool() + " exited with status " + p.exitValue());
            }
        } catch (InterruptedException e) {
            kill(p);
            throw e;
        }
    }

    /** Kills the tool and whatever it started (a wrapper script's children would outlive it). */
    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Logs the first failure, then at most one line per {@link #FAILURE_LOG_INTERVAL}. */
    private void failed(String why) {
        long now = System.nanoTime();
        if (failureLogged && now - lastFailureLog < FAILURE_LOG_INTERVAL.toNanos()) {
            unloggedFailures++;
            return;
        }
        log.warn(
                "desktop notification failed: {}{}; further failures within {} are not logged",
                why,
                unloggedFailures == 0 ? "" : " (" + unloggedFailures + " more since last logged)",
                FAILURE_LOG_INTERVAL);
        failureLogged = true;
        lastFailureLog = now;
        unloggedFailures = 0;
    }

    /** Runs {@code argv} directly with exactly {@code env}; output discarded, stdin closed. */
    static Process launch(List<String> argv, Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(env);
        // Discarded, not piped: a chatty tool must not fill a pipe nobody reads and hang.
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        p.getOutputStream().close(); // stdin at EOF: no tool waits for input
        return p;
    }

    private static boolean set(Map<String, String> env, String name) {
        String v = env.get(name);
        return v != null && !v.isEmpty();
    }

    private static Map<String, String> withoutNulls(Map<String, String> env) {
        Map<String, String> out = new HashMap<>();
        env.forEach(
                (k, v) -> {
                    if (k != null && v != null) {
                        out.put(k, v);
                    }
                });
        return out;
    }
}
