package dev.tft.daemon;

import dev.tft.control.ControlCodec;
import dev.tft.control.ControlError;
import dev.tft.control.ControlRequest;
import dev.tft.control.PushEvent;
import dev.tft.control.StoredView;
import dev.tft.control.TransferView;
import dev.tft.discovery.Discovery;
import dev.tft.discovery.Peer;
import dev.tft.discovery.Resolution;
import dev.tft.transfer.PushPlan;
import dev.tft.transfer.PushResult;
import dev.tft.transfer.Sender;
import dev.tft.transfer.TransferError;
import dev.tft.transfer.TransferException;
import dev.tft.transfer.TransferListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs pushes requested over the control socket, each on the requesting client's thread, and tracks
 * them so {@code status} can list them and {@code cancel} can stop them.
 *
 * <p>Cancelling interrupts the pushing thread; {@link Sender} then closes its connection and throws
 * {@code CANCELLED}. A client that closes its end during a push is noticed at the next progress
 * tick (at most {@link #PROGRESS_INTERVAL_NANOS} apart while bytes flow) and cancels the push the
 * same way.
 */
final class Pushes {
    static final long PROGRESS_INTERVAL_NANOS = 100_000_000L;

    /**
     * How long a push waits, retrying, for a receiver that answers BUSY (all its transfer slots in
     * use).
     */
    static final Duration BUSY_WAIT = Duration.ofSeconds(120);

    /**
     * Sessions this daemon opens to one receiver at once; further pushes to it queue here. Four
     * streams fill any link, and staying under the receiver's per-address cap on connections still
     * in their header (8) keeps a burst of pushes from being cut off unanswered.
     */
    static final int SESSIONS_PER_TARGET = 4;

    private static final Logger log = LoggerFactory.getLogger(Pushes.class);

    private final Discovery discovery;
    private final Sender sender;
    private final Consumer<HistoryEntry> history;
    private final TrustStore trust;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, Semaphore> perTarget = new ConcurrentHashMap<>();

    /** {@code history} receives one entry per push that got past resolution; it must not block. */
    Pushes(Discovery discovery, Sender sender, TrustStore trust, Consumer<HistoryEntry> history) {
        this.discovery = discovery;
        this.trust = trust;
        this.sender = sender;
        this.history = history;
    }

    /**
     * A push in flight: what {@code status} shows. Counters are written by the pushing thread only.
     */
    private static final class Running {
        final Thread thread;
        final String peer;
        volatile String file = "";
        volatile long bytes;
        volatile long size;

        Running(Thread thread, String peer) {
            this.thread = thread;
            this.peer = peer;
        }
    }

    /** Snapshot of outgoing transfers for {@code status}. */
    List<TransferView> active() {
        List<TransferView> out = new ArrayList<>();
        running.values()
                .forEach(r -> out.add(new TransferView("out", r.peer, r.file, r.bytes, r.size)));
        return out;
    }

    /** Interrupts the push with this id. */
    boolean cancel(String pushId) {
        Running r = running.get(pushId);
        if (r == null) {
            return false;
        }
        r.thread.interrupt();
        return true;
    }

    /** Cancels every push (daemon shutdown). */
    void cancelAll() {
        running.values().forEach(r -> r.thread.interrupt());
    }

    /**
     * Runs one push on the calling thread, streaming its events to {@code client}; returns after
     * the final {@code done} or {@code error} event. Never throws for a failed push: failures are
     * events.
     */
    void run(ControlRequest.Push request, ClientConnection client) {
        Events events = new Events(client);
        List<Path> paths = new ArrayList<>();
        PushPlan plan;
        try {
            for (String p : request.paths()) {
                paths.add(checkSource(p));
            }
            // Walked once: the same plan gives the totals here and the offers on the wire.
            plan = Sender.plan(paths);
        } catch (SourceException e) {
            events.send(new PushEvent.Failed(ControlErrors.source(e.getMessage())));
            return;
        } catch (TransferException e) {
            events.send(new PushEvent.Failed(ControlErrors.of(e, request.peer())));
            return;
        }
        long[] totals = {plan.files(), plan.bytes()};
        Resolution resolution = throughTrust(discovery.resolve(request.peer()), trust);
        if (!(resolution instanceof Resolution.Found found)) {
            events.send(new PushEvent.Failed(ControlErrors.of(resolution)));
            return;
        }
        String impostor = untrustedNamesake(found, trust);
        if (impostor != null) {
            events.send(
                    new PushEvent.Failed(
                            new ControlError(ControlError.Code.AMBIGUOUS_PEER, impostor)));
            return;
        }
        InetSocketAddress target = found.address();
        String peerName = found.peer() != null ? found.peer().name() : request.peer();
        String peerId =
                found.peer() != null && found.peer().id() != null ? found.peer().id().value() : "";
        // The receiver must prove this id with its key; a push by bare address takes whoever
        // answers (the result says which key that was).
        String expectedId = peerId.isEmpty() ? null : peerId;
        String id = "p-" + ids.incrementAndGet();
        Running run = new Running(Thread.currentThread(), peerName);
        running.put(id, run);
        try {
            events.send(
                    new PushEvent.Accepted(
                            id, peerName, peerId, hostPort(target), (int) totals[0], totals[1]));
            Listener listener = new Listener(events, run, client, totals[1]);
            Semaphore sessions =
                    perTarget.computeIfAbsent(
                            target, t -> new Semaphore(SESSIONS_PER_TARGET, true));
            try {
                sessions.acquire();
            } catch (InterruptedException e) {
                throw new TransferException(
                        TransferError.CANCELLED, "cancelled while waiting for a free session");
            }
            PushResult result;
            try {
                result = pushWithRetry(request, target, expectedId, paths, plan, listener);
            } finally {
                sessions.release();
            }
            List<StoredView> stored =
                    result.files().stream()
                            .map(f -> new StoredView(f.name(), f.storedName(), f.size()))
                            .toList();
            events.send(
                    new PushEvent.Done(stored, result.bytes(), result.elapsed().toNanos() / 1e9));
            log.info(
                    "pushed {} file(s), {} bytes to {}",
                    stored.size(),
                    result.bytes(),
                    Log.safe(peerName));
            record(
                    peerName,
                    result.receiverId().isEmpty() ? peerId : result.receiverId(),
                    target,
                    request.raw(),
                    totals[0],
                    totals[1],
                    HistoryEntry.Result.STORED,
                    result.files().stream().map(f -> f.storedName()).toList(),
                    "");
        } catch (TransferException e) {
            if (e.error() == TransferError.IDENTITY_MISMATCH) {
                e =
                        new TransferException(
                                TransferError.IDENTITY_MISMATCH,
                                hostPort(target)
                                        + " did not prove it is "
                                        + Log.safe(peerName)
                                        + " (key mismatch)");
            }
            ControlError error = ControlErrors.of(e, peerName);
            log.info(
                    "push to {} failed: {} ({})",
                    Log.safe(peerName),
                    e.error(),
                    Log.safe(e.getMessage()));
            events.send(new PushEvent.Failed(error));
            record(
                    peerName,
                    peerId,
                    target,
                    request.raw(),
                    totals[0],
                    totals[1],
                    switch (e.error()) {
                        case CANCELLED -> HistoryEntry.Result.CANCELLED;
                        case DENIED, TLS_REQUIRED, IDENTITY_MISMATCH ->
                                HistoryEntry.Result.REJECTED;
                        default ->
                                ControlErrors.code(e.error()) == ControlError.Code.REJECTED
                                        ? HistoryEntry.Result.REJECTED
                                        : HistoryEntry.Result.FAILED;
                    },
                    List.of(),
                    error.message());
        } catch (RuntimeException e) {
            log.error("push to {} failed with a bug", Log.safe(peerName), e);
            events.send(new PushEvent.Failed(ControlErrors.internal(e)));
        } finally {
            running.remove(id);
            Thread.interrupted(); // a cancel that raced the end must not leak into the next request
        }
    }

    /**
     * Pushes, waiting while the receiver is at its transfer limit: a session refused with BUSY
     * before it stored anything is retried with capped exponential back-off for up to {@link
     * #BUSY_WAIT}, so 32 simultaneous pushes into one receiver queue up instead of failing. A
     * refusal after a file was stored is not retried (a retry would store that file twice). The
     * wait is interruptible, so cancel works meanwhile.
     */
    private PushResult pushWithRetry(
            ControlRequest.Push request,
            InetSocketAddress target,
            String expectedId,
            List<Path> paths,
            PushPlan plan,
            Listener listener)
            throws TransferException {
        long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
        long backoffMillis = 100;
        while (true) {
            int storedBefore = listener.stored;
            try {
                return request.raw()
                        ? sender.pushLegacy(target, paths.get(0), listener)
                        : sender.push(target, expectedId, plan, listener);
            } catch (TransferException e) {
                boolean retryable =
                        e.error() == TransferError.BUSY
                                && listener.stored == storedBefore
                                && System.nanoTime() + backoffMillis * 1_000_000L < deadline;
                if (!retryable) {
                    throw e;
                }
            }
            try {
                Thread.sleep(
                        backoffMillis
                                + ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1));
            } catch (InterruptedException e) {
                throw new TransferException(
                        TransferError.CANCELLED, "cancelled while the receiver was busy");
            }
            backoffMillis = Math.min(2_000, backoffMillis * 2);
        }
    }

    /**
     * Names resolve through trust (DISC-01): when a name matches several peers and exactly one of
     * them is trusted, that one is meant; an untrusted namesake is never chosen silently.
     */
    static Resolution throughTrust(Resolution r, TrustStore trust) {
        if (!(r instanceof Resolution.Ambiguous a)) {
            return r;
        }
        List<Peer> trusted =
                a.candidates().stream()
                        .filter(p -> p.id() != null && trust.contains(p.id().value()))
                        .toList();
        if (trusted.size() != 1 || trusted.get(0).addresses().isEmpty()) {
            return r;
        }
        Peer p = trusted.get(0);
        return new Resolution.Found(p, new InetSocketAddress(p.addresses().get(0), p.port()));
    }

    /**
     * The error message when {@code found} was chosen by name but is not the trusted peer of that
     * name (another key announces a trusted peer's name), else null. Pushing by id still works.
     */
    static String untrustedNamesake(Resolution.Found found, TrustStore trust) {
        Peer p = found.peer();
        if (p == null || p.id() == null || trust.contains(p.id().value())) {
            return null;
        }
        List<TrustedPeer> namesakes = trust.named(p.name());
        if (namesakes.isEmpty()) {
            return null;
        }
        return "the peer named "
                + Log.safe(p.name())
                + " ("
                + p.id().value()
                + ") is not the "
                + Log.safe(p.name())
                + " you trust ("
                + namesakes.get(0).id()
                + "): another key announces that name; push by id to send to it anyway";
    }

    private void record(
            String peerName,
            String peerId,
            InetSocketAddress target,
            boolean legacy,
            long files,
            long bytes,
            HistoryEntry.Result result,
            List<String> stored,
            String message) {
        try {
            history.accept(
                    new HistoryEntry(
                            Instant.now(),
                            HistoryEntry.Direction.OUT,
                            HistoryEntry.clip(peerName, HistoryEntry.MAX_PEER_NAME),
                            HistoryEntry.clip(peerId, HistoryEntry.MAX_PEER_ID),
                            hostPort(target),
                            legacy,
                            (int) Math.min(Integer.MAX_VALUE, files),
                            bytes,
                            result,
                            stored.stream()
                                    .map(n -> HistoryEntry.clip(n, HistoryEntry.MAX_NAME))
                                    .toList(),
                            HistoryEntry.clip(message, HistoryEntry.MAX_MESSAGE)));
        } catch (RuntimeException e) {
            log.warn("could not record the push in the history: {}", e.toString());
        }
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    /** A local path the daemon cannot send; the message is for the user. */
    private static final class SourceException extends Exception {
        private static final long serialVersionUID = 1L;

        SourceException(String message) {
            super(message);
        }
    }

    private static Path checkSource(String raw) throws SourceException {
        Path p;
        try {
            p = Path.of(raw);
        } catch (InvalidPathException e) {
            throw new SourceException(
                    "'"
                            + raw
                            + "' is not a valid path here (is the daemon's LANG a UTF-8 locale?)");
        }
        if (!Files.exists(p)) {
            throw new SourceException(raw + " does not exist");
        }
        if (!Files.isRegularFile(p) && !Files.isDirectory(p)) {
            throw new SourceException(raw + " is not a regular file or directory");
        }
        if (!Files.isReadable(p)) {
            throw new SourceException(raw + " is not readable by the tft daemon");
        }
        return p;
    }

    /** Writes events to the client; a client that went away turns into a cancel of this push. */
    private static final class Events {
        private final ClientConnection client;
        private boolean gone;

        Events(ClientConnection client) {
            this.client = client;
        }

        void send(PushEvent event) {
            if (gone) {
                return;
            }
            try {
                client.writeLine(ControlCodec.event(event));
            } catch (IOException e) {
                clientGone();
            }
        }

        void offer(PushEvent event) {
            if (gone) {
                return;
            }
            try {
                client.offer(ControlCodec.event(event));
            } catch (IOException e) {
                clientGone();
            }
        }

        void clientGone() {
            gone = true;
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Bridges transfer callbacks (on the pushing thread) to control events, throttling progress.
     */
    private static final class Listener implements TransferListener {
        private final Events events;
        private final Running run;
        private final ClientConnection client;
        private final long total;
        private final long started = System.nanoTime();
        private long lastTick;

        /** Files the receiver confirmed so far, across retries. */
        int stored;

        private boolean waited;

        Listener(Events events, Running run, ClientConnection client, long total) {
            this.events = events;
            this.run = run;
            this.client = client;
            this.total = total;
        }

        @Override
        public void waiting(long timeoutSeconds) {
            // Once per push: a retry after BUSY is admitted by the owner's grant, not asked again.
            if (!waited) {
                waited = true;
                events.send(new PushEvent.Waiting(run.peer, timeoutSeconds));
            }
        }

        @Override
        public void fileStarted(String name, long size, long offset) {
            run.file = name;
            run.size = size;
            events.send(new PushEvent.FileStarted(name, size, offset));
        }

        @Override
        public void progress(long fileBytes, long fileSize, long totalBytes, long totalSize) {
            run.bytes = fileBytes;
            long now = System.nanoTime();
            if (now - lastTick < PROGRESS_INTERVAL_NANOS) {
                return;
            }
            lastTick = now;
            if (client.peerClosed()) {
                events.clientGone();
                return;
            }
            double seconds = Math.max(1e-9, (now - started) / 1e9);
            events.offer(
                    new PushEvent.Progress(
                            totalBytes,
                            Math.max(total, totalSize),
                            fileBytes,
                            fileSize,
                            totalBytes / seconds));
        }

        @Override
        public void fileStored(String name, String storedName, long size) {
            stored++;
            events.send(new PushEvent.Stored(name, storedName, size));
        }
    }
}
