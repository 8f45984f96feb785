package dev.tft.daemon;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The record of sent and received pushes, kept as JSON lines in {@value #FILE_NAME} in the daemon's
 * state directory (mode 0600), one {@link HistoryEntry} per line, oldest first, so it survives
 * restarts.
 *
 * <p><b>Bounds.</b> {@link #newest} serves from memory: the entries loaded at {@link #open} and
 * those recorded since, at most {@code maxEntries}. The file is appended to until it has more than
 * {@code maxEntries} lines, then rewritten atomically with only the newest {@code maxEntries / 2}
 * (at least one): halving, not trimming to {@code maxEntries}, makes a rewrite happen once per
 * {@code maxEntries / 2} records instead of on every record. So between writes the file holds at
 * most {@code maxEntries} lines (the check follows each append of a batch of at most 256 lines),
 * and after a restart at least the newest {@code maxEntries / 2} entries are back.
 *
 * <p><b>Threads.</b> Thread-safe. {@link #record} is called on transfer and control threads and
 * never blocks on I/O: it adds the entry to the in-memory list and to a bounded queue (default
 * {@value #QUEUE_CAPACITY}) and returns. One daemon thread, {@value #THREAD_NAME}, owns the file:
 * it drains the queue, appends the lines (one write per batch, no fsync: a history line is not
 * worth one), and rotates. If the queue is full (the disk is stuck), the entry is still shown by
 * {@link #newest} but not written: it is counted in {@link #dropped} and the first drop is logged.
 * No lock is held during I/O.
 *
 * <p><b>Failures never reach the caller.</b> A line that does not parse, or whose values are out of
 * bounds, is skipped at load and counted ({@link #skippedOnLoad}); a file that cannot be read at
 * all gives an empty history and one warning (the file is then only appended to, never rewritten,
 * so nothing we could not read is destroyed); a failed write is logged once per run of failures and
 * its entries are lost.
 */
final class History implements AutoCloseable {
    /** The file's name in the state directory. */
    static final String FILE_NAME = "history.jsonl";

    /** The default {@code maxEntries}. */
    static final int DEFAULT_MAX_ENTRIES = 10_000;

    /** The default capacity of the write queue. */
    static final int QUEUE_CAPACITY = 1024;

    /** How long {@link #close} waits for queued entries to be written. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    static final String THREAD_NAME = "tft-history";

    /**
     * Longest line read, in chars. The longest valid entry is about 100 names of 1024 chars, each
     * char at worst a 6-char JSON escape (≈ 615,000 chars); a longer line is corrupt, and reading
     * it whole could exhaust the heap.
     */
    static final int MAX_LINE_CHARS = 1 << 20;

    /** Lines written per append; bounds the write buffer. */
    private static final int BATCH = 256;

    private static final Logger log = LoggerFactory.getLogger(History.class);

    private static final Set<PosixFilePermission> FILE_MODE =
            PosixFilePermissions.fromString("rw-------");

    private static final JsonFactory JSON =
            new JsonFactoryBuilder().characterEscapes(new SurrogateEscapes()).build();

    /** Queued by {@link #close} after the last entry; compared by identity. */
    private static final HistoryEntry STOP =
            new HistoryEntry(
                    Instant.EPOCH,
                    HistoryEntry.Direction.IN,
                    "",
                    "",
                    "",
                    false,
                    0,
                    0,
                    HistoryEntry.Result.STORED,
                    List.of(),
                    "");

    private final Path file;
    private final int maxEntries;
    private final Clock clock;
    private final BlockingQueue<HistoryEntry> queue;
    private final Runnable beforeWrite;
    private final int skippedOnLoad;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean dropLogged = new AtomicBoolean();
    private final Thread writer;

    /** Newest first, at most maxEntries. Guards itself and {@link #closed}. */
    private final Deque<HistoryEntry> tail;

    private boolean closed;

    // Owned by the writer thread (set before it starts).
    private long fileLines;
    private boolean needsNewline;
    private boolean readable;
    private FileChannel out;
    private boolean failing;

    private History(
            Path file,
            int maxEntries,
            Clock clock,
            int queueCapacity,
            Runnable beforeWrite,
            Loaded loaded) {
        this.file = file;
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.beforeWrite = beforeWrite;
        this.tail = loaded.entries;
        this.skippedOnLoad = loaded.skipped;
        this.fileLines = loaded.lines;
        this.needsNewline = loaded.partialLastLine;
        this.readable = loaded.readable;
        this.writer = new Thread(this::runWriter, THREAD_NAME);
        writer.setDaemon(true);
    }

    /**
     * Loads the history from {@code file} (which need not exist) and starts the writer thread.
     * Never fails for a missing, unreadable or corrupt file (see the class comment); reads the
     * whole file on the calling thread.
     *
     * @param file the history file, normally {@code <stateDir>/}{@value #FILE_NAME}; its directory
     *     must exist when the first entry is written
     * @param maxEntries entries kept, at least 1 (see the class comment)
     * @param clock what {@link #now} reads
     */
    static History open(Path file, int maxEntries, Clock clock) {
        return open(file, maxEntries, clock, QUEUE_CAPACITY, () -> {});
    }

    /**
     * As {@link #open(Path, int, Clock)}, with the queue's capacity and a hook the writer thread
     * runs before writing each batch (tests stall the writer with it).
     */
    static History open(
            Path file, int maxEntries, Clock clock, int queueCapacity, Runnable beforeWrite) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(beforeWrite, "beforeWrite");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1, got " + maxEntries);
        }
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be >= 1, got " + queueCapacity);
        }
        Loaded loaded = load(file, maxEntries);
        History history = new History(file, maxEntries, clock, queueCapacity, beforeWrite, loaded);
        history.writer.start();
        return history;
    }

    /** The time to stamp a new entry with, from the clock given to {@link #open}. */
    Instant now() {
        return clock.instant();
    }

    /**
     * Adds {@code entry} as the newest entry and queues it for the file. Returns at once, never
     * blocks on I/O and never throws for a full queue (the entry is then not written; see {@link
     * #dropped}). After {@link #close} it does nothing but count a drop; an entry recorded while
     * {@code close} runs may or may not be written.
     */
    void record(HistoryEntry entry) {
        Objects.requireNonNull(entry, "entry");
        boolean queued;
        // One lock for the list and the queue, so memory and file see entries in the same order;
        // offer() never waits.
        synchronized (tail) {
            if (closed) {
                dropped.incrementAndGet();
                return;
            }
            tail.addFirst(entry);
            if (tail.size() > maxEntries) {
                tail.removeLast();
            }
            queued = queue.offer(entry);
        }
        if (!queued) {
            dropped.incrementAndGet();
            if (dropLogged.compareAndSet(false, true)) {
                log.warn(
                        "history: write queue full ({} entries), {} is not keeping up; dropping"
                                + " entries from the file (further drops are counted, not logged)",
                        queue.remainingCapacity() + queue.size(),
                        file);
            }
        }
    }

    /**
     * Up to {@code limit} entries, newest first (in the order they were recorded, whatever their
     * {@code time}); at most {@code maxEntries}.
     *
     * @param limit at least 0
     */
    List<HistoryEntry> newest(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        List<HistoryEntry> out = new ArrayList<>(Math.min(limit, maxEntries));
        synchronized (tail) {
            Iterator<HistoryEntry> it = tail.iterator();
            while (out.size() < limit && it.hasNext()) {
                out.add(it.next());
            }
        }
        return List.copyOf(out);
    }

    /** Entries not written to the file because the queue was full or the history closed. */
    long dropped() {
        return dropped.get();
    }

    /** Lines of the file skipped at {@link #open} because they did not parse or validate. */
    int skippedOnLoad() {
        return skippedOnLoad;
    }

    /**
     * Stops accepting entries, waits up to {@link #CLOSE_WAIT} for the queued ones to be written,
     * and stops the writer thread (interrupting it if it is still busy then). Idempotent.
     */
    @Override
    public void close() {
        synchronized (tail) {
            if (closed) {
                return;
            }
            closed = true;
        }
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        try {
            if (queue.offer(STOP, CLOSE_WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                writer.join(Math.max(1, left));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            log.warn(
                    "history: writer busy for over {} s; {} queued entries not written to {}",
                    CLOSE_WAIT.toSeconds(),
                    queue.stream().filter(e -> e != STOP).count(),
                    file);
            writer.interrupt();
        }
        long lost = dropped.get();
        if (lost > 0) {
            log.info("history: {} entries were not written to {} (queue full)", lost, file);
        }
    }

    // ---- writer thread ----

    private void runWriter() {
        List<HistoryEntry> batch = new ArrayList<>(BATCH);
        try {
            if (fileLines > maxEntries) {
                rotate(); // maxEntries was lowered since the file was written
            }
            boolean stop = false;
            while (!stop) {
                batch.add(queue.take());
                queue.drainTo(batch, BATCH - 1);
                stop = batch.removeIf(e -> e == STOP);
                if (!batch.isEmpty()) {
                    beforeWrite.run();
                    append(batch);
                    batch.clear();
                }
            }
        } catch (InterruptedException e) {
            // close() gave up waiting: exit with what is written.
        } finally {
            closeChannel();
        }
    }

    private void append(List<HistoryEntry> batch) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(batch.size() * 256);
        if (needsNewline) {
            // The last line was cut short (a crash, a failed write): end it so ours parses.
            bytes.write('\n');
        }
        int lines = 0;
        for (HistoryEntry e : batch) {
            try {
                bytes.writeBytes(encode(e).getBytes(StandardCharsets.UTF_8));
                bytes.write('\n');
                lines++;
            } catch (IOException | RuntimeException ex) {
                // Not expected (a validated record into a StringWriter); lose this entry only.
                log.warn("history: could not encode an entry: {}", ex.toString());
            }
        }
        try {
            if (out == null) {
                out = openForAppend(file);
            }
            writeFully(out, ByteBuffer.wrap(bytes.toByteArray()));
            needsNewline = false;
            fileLines += lines;
            if (failing) {
                failing = false;
                log.info("history: writing {} works again", file);
            }
        } catch (IOException | RuntimeException e) {
            needsNewline = true; // part of the batch may be in the file
            closeChannel();
            if (!failing) {
                failing = true;
                log.warn(
                        "history: cannot write {} ({}); entries are lost until it works again",
                        file,
                        e.toString());
            }
            return;
        }
        if (fileLines > maxEntries) {
            rotate();
        }
    }

    /**
     * Rewrites the file with its newest {@code max(1, maxEntries / 2)} valid lines: a 0600 temp
     * file in the same directory, fsync, atomic rename over the file, fsync of the directory. On
     * failure the file is left as it is and the rewrite is tried again after another {@code
     * maxEntries / 2} lines.
     */
    private void rotate() {
        int keep = Math.max(1, maxEntries / 2);
        if (!readable) {
            // We could not read it at open: rewriting would destroy what we could not read.
            fileLines = keep;
            return;
        }
        closeChannel();
        Deque<String> lines = new ArrayDeque<>(keep);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Reader in = reader(file)) {
                forEachLine(
                        in,
                        line -> {
                            if (line != null && !line.isBlank() && decodeOrNull(line) != null) {
                                if (lines.size() == keep) {
                                    lines.removeFirst();
                                }
                                lines.addLast(line);
                            }
                        });
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(lines.size() * 256);
            for (String line : lines) {
                bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
                bytes.write('\n');
            }
            // A fixed name: a temp left by a crash is removed here rather than piling up.
            Files.deleteIfExists(temp);
            try (FileChannel c =
                    FileChannel.open(
                            temp,
                            Set.of(
                                    StandardOpenOption.CREATE_NEW,
                                    StandardOpenOption.WRITE,
                                    LinkOption.NOFOLLOW_LINKS),
                            fileMode(temp))) {
                writeFully(c, ByteBuffer.wrap(bytes.toByteArray()));
                // The rename must not publish a file whose data is not on disk yet.
                c.force(true);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            fsyncDirectory(file.toAbsolutePath().getParent());
            fileLines = lines.size();
            needsNewline = false;
        } catch (IOException | RuntimeException e) {
            fileLines = keep;
            log.warn("history: cannot rewrite {} to bound it ({})", file, e.toString());
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Only clutter; removed by the next rewrite.
            }
        }
    }

    private void closeChannel() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // Nothing was buffered: every write went to the OS already.
            }
            out = null;
        }
    }

    private static FileChannel openForAppend(Path file) throws IOException {
        Set<OpenOption> options =
                Set.of(
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND,
                        LinkOption.NOFOLLOW_LINKS);
        FileChannel c = FileChannel.open(file, options, fileMode(file));
        if (isPosix(file)) {
            try {
                // The mode applies only to a new file; tighten one made by hand or by an old
                // version (peer names and file names are nobody else's business).
                if (!Files.getPosixFilePermissions(file).equals(FILE_MODE)) {
                    Files.setPosixFilePermissions(file, FILE_MODE);
                }
            } catch (IOException e) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private static FileAttribute<?>[] fileMode(Path file) {
        return isPosix(file)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE_MODE)}
                : new FileAttribute<?>[0];
    }

    private static boolean isPosix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static void fsyncDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
            c.force(true);
        } catch (IOException e) {
            // Not possible on every platform; the rename is atomic either way, only its
            // durability across a power cut is at stake.
        }
    }

    private static void writeFully(FileChannel c, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            c.write(buffer);
        }
    }

    // ---- loading ----

    /** What {@link #load} found. */
    private static final class Loaded {
        final Deque<HistoryEntry> entries = new ArrayDeque<>();
        int skipped;
        long lines;
        boolean partialLastLine;
        boolean readable = true;
    }

    private static Loaded load(Path file, int maxEntries) {
        Loaded loaded = new Loaded();
        if (Files.notExists(file)) {
            return loaded;
        }
        try (Reader in = reader(file)) {
            loaded.partialLastLine =
                    forEachLine(
                            in,
                            line -> {
                                loaded.lines++;
                                if (line != null && line.isBlank()) {
                                    return; // left by a recovered failed write; not corrupt
                                }
                                HistoryEntry e = line == null ? null : decodeOrNull(line);
                                if (e == null) {
                                    loaded.skipped++;
                                    return;
                                }
                                loaded.entries.addFirst(e);
                                if (loaded.entries.size() > maxEntries) {
                                    loaded.entries.removeLast();
                                }
                            });
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "history: cannot read {} ({}); starting with an empty history",
                    file,
                    e.toString());
            Loaded empty = new Loaded();
            empty.readable = false;
            // Whatever it holds, start our lines on a line of their own.
            empty.partialLastLine = true;
            return empty;
        }
        if (loaded.skipped > 0) {
            log.warn("history: skipped {} unreadable line(s) of {}", loaded.skipped, file);
        }
        return loaded;
    }

    /** Decodes malformed UTF-8 as U+FFFD: a bad byte spoils at most its line. */
    private static Reader reader(Path file) throws IOException {
        return new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8);
    }

    /** Receives each line without its terminator, or null for a line over the length bound. */
    private interface LineSink {
        void line(String lineOrNull);
    }

    /**
     * Splits {@code in} at {@code \n}, never holding more than {@link #MAX_LINE_CHARS} chars.
     *
     * @return true if the text does not end with {@code \n} (the last line was cut short)
     */
    private static boolean forEachLine(Reader in, LineSink sink) throws IOException {
        char[] buffer = new char[8192];
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        boolean any = false;
        boolean endsWithNewline = true;
        int n;
        while ((n = in.read(buffer)) != -1) {
            for (int i = 0; i < n; i++) {
                char c = buffer[i];
                any = true;
                if (c == '\n') {
                    sink.line(tooLong ? null : line.toString());
                    line.setLength(0);
                    tooLong = false;
                    endsWithNewline = true;
                    continue;
                }
                endsWithNewline = false;
                if (tooLong) {
                    continue;
                }
                if (line.length() == MAX_LINE_CHARS) {
                    tooLong = true;
                    line.setLength(0);
                    line.trimToSize();
                } else {
                    line.append(c);
                }
            }
        }
        if (!endsWithNewline) {
            sink.line(tooLong ? null : line.toString());
        }
        return any && !endsWithNewline;
    }

    // ---- the line format ----

    /**
     * One entry as a JSON object on one line. Field names are stable; readers ignore fields they do
     * not know. Enums are lower case; {@code time} is ISO-8601 UTC. Surrogates are written as
     * {@code \}{@code uXXXX} escapes, so a lone surrogate in peer text survives the trip (UTF-8
     * cannot encode it); everything else non-ASCII is written as UTF-8.
     */
    static String encode(HistoryEntry e) throws IOException {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("time", e.time().toString());
            g.writeStringField("dir", lower(e.direction()));
            g.writeStringField("peer", e.peerName());
            g.writeStringField("peerId", e.peerId());
            g.writeStringField("address", e.address());
            g.writeBooleanField("legacy", e.legacy());
            g.writeNumberField("files", e.files());
            g.writeNumberField("bytes", e.bytes());
            g.writeStringField("result", lower(e.result()));
            g.writeArrayFieldStart("stored");
            for (String name : e.stored()) {
                g.writeString(name);
            }
            g.writeEndArray();
            g.writeStringField("message", e.message());
            g.writeEndObject();
        }
        return w.toString();
    }

    /**
     * Parses one line written by {@link #encode}. {@code time}, {@code dir} and {@code result} are
     * required; other fields default to "", false, 0 or no names.
     *
     * @throws IOException if the line is not one JSON object of the expected shape
     * @throws RuntimeException if a value is invalid (a bad time, an unknown enum, a text over its
     *     bound)
     */
    static HistoryEntry decode(String line) throws IOException {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            Instant time = null;
            HistoryEntry.Direction direction = null;
            HistoryEntry.Result result = null;
            String peer = "";
            String peerId = "";
            String address = "";
            boolean legacy = false;
            int files = 0;
            long bytes = 0;
            List<String> stored = new ArrayList<>();
            String message = "";
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "time" -> time = Instant.parse(string(p, value, field));
                    case "dir" ->
                            direction =
                                    HistoryEntry.Direction.valueOf(upper(string(p, value, field)));
                    case "result" ->
                            result = HistoryEntry.Result.valueOf(upper(string(p, value, field)));
                    case "peer" -> peer = string(p, value, field);
                    case "peerId" -> peerId = string(p, value, field);
                    case "address" -> address = string(p, value, field);
                    case "legacy" -> legacy = bool(value, field);
                    case "files" -> files = Math.toIntExact(integer(p, value, field));
                    case "bytes" -> bytes = integer(p, value, field);
                    case "stored" -> {
                        if (value != JsonToken.START_ARRAY) {
                            throw new IOException("stored is not an array");
                        }
                        stored.clear();
                        while ((value = p.nextToken()) != JsonToken.END_ARRAY) {
                            String name = string(p, value, field);
                            if (stored.size() < HistoryEntry.MAX_STORED) {
                                stored.add(name);
                            }
                        }
                    }
                    case "message" -> message = string(p, value, field);
                    default -> p.skipChildren(); // a newer version's field
                }
            }
            if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw new IOException("not exactly one JSON object");
            }
            if (time == null || direction == null || result == null) {
                throw new IOException("time, dir or result missing");
            }
            return new HistoryEntry(
                    time, direction, peer, peerId, address, legacy, files, bytes, result, stored,
                    message);
        }
    }

    private static HistoryEntry decodeOrNull(String line) {
        try {
            return decode(line);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String string(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            throw new IOException(field + " is not a string");
        }
        return p.getText();
    }

    private static boolean bool(JsonToken value, String field) throws IOException {
        if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
            return value == JsonToken.VALUE_TRUE;
        }
        throw new IOException(field + " is not a boolean");
    }

    private static long integer(JsonParser p, JsonToken value, String field) throws IOException {
        if (value != JsonToken.VALUE_NUMBER_INT
                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new IOException(field + " is not an integer in range");
        }
        return p.getLongValue();
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String upper(String s) {
        return s.toUpperCase(Locale.ROOT);
    }

    /** JSON's standard escapes, plus {@code \}{@code uXXXX} for every surrogate char. */
    private static final class SurrogateEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;

        @Override
        public int[] getEscapeCodesForAscii() {
            return standardAsciiEscapesForJSON();
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < Character.MIN_SURROGATE || ch > Character.MAX_SURROGATE) {
                return null;
            }
            return new SerializedString("\\u" + Integer.toHexString(ch));
        }
    }
}
