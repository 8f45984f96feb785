package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The pushing thread's side of one native session. Directories and files up to 64 KiB go EAGERly
 * (offer, payload and checksum batched into one 1 MiB direct buffer, no round trip); a larger file
 * waits for its ACCEPT, then streams from the offset with the same buffer. Replies are matched to
 * offers by the {@link OfferWindow}; at most {@link #WINDOW} offers are unanswered at once. Writes
 * to any channel (TLS in production). Confined to the pushing thread.
 */
final class PushSession {
    static final int WINDOW = 1024;
    private static final int BUFFER = 1 << 20;

    private final WritableByteChannel channel;
    private final ReplyReader replies;
    private final LongConsumer extendDeadline;
    private final long idleNanos;
    private final int alg;
    private final TransferListener listener;
    private final OfferWindow window;
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private final long totalSize;
    private long totalSent;
    private long wireBytes;

    /** Extra wait beyond a PENDING's timeout for the receiver's decision to arrive. */
    private static final long PENDING_SLACK_NANOS = TimeUnit.SECONDS.toNanos(30);

    /**
     * @param extendDeadline moves the connection's watchdog deadline to now + the given nanos
     *     (after every write that made progress, and while the receiver's owner decides)
     * @param idleNanos the longest wait for a reply
     */
    PushSession(
            WritableByteChannel channel,
            ReplyReader replies,
            LongConsumer extendDeadline,
            long idleNanos,
            int alg,
            TransferListener listener,
            long totalSize) {
        this.channel = channel;
        this.replies = replies;
        this.extendDeadline = extendDeadline;
        this.idleNanos = idleNanos;
        this.alg = alg;
        this.listener = listener;
        this.window = new OfferWindow(listener);
        this.totalSize = totalSize;
    }

    List<StoredFile> stored() {
        return window.stored();
    }

    long wireBytes() {
        return wireBytes;
    }

    void run(SessionHeader header, List<SendPlan.Item> items)
            throws IOException, InterruptedException {
        WireCodec.encodeSessionHeader(header, out);
        WireCodec.encode(summary(items), out);
        flush();
        awaitHello();
        for (SendPlan.Item item : items) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (item.directory()) {
                room(Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY);
                WireCodec.encode(offer(item, false), out);
                window.offered(item);
            } else if (item.size() <= Protocol.EAGER_MAX) {
                eager(item);
            } else {
                large(item);
            }
            drain();
            while (window.unanswered() >= WINDOW) {
                flush();
                window.handle(next());
            }
        }
        room(Protocol.FRAME_HEADER_SIZE);
        WireCodec.encode(new Frame.End(), out);
        flush();
        while (window.unanswered() > 0) {
            window.handle(next());
        }
    }

    /** The SUMMARY: file count, payload bytes and the first top-level names. */
    static Frame.Summary summary(List<SendPlan.Item> items) {
        long files = 0;
        long bytes = 0;
        List<String> names = new ArrayList<>();
        for (SendPlan.Item i : items) {
            if (!i.directory()) {
                files++;
                bytes += i.size();
            }
            if (i.path().indexOf('/') < 0 && names.size() < Protocol.SUMMARY_MAX_NAMES) {
                names.add(i.path());
            }
        }
        return new Frame.Summary(files, bytes, names);
    }

    /**
     * Nothing but the header and SUMMARY goes out before the receiver's HELLO: a receiver that asks
     * its owner first (PENDING) must not be handed payload it would have to buffer.
     */
    private void awaitHello() throws IOException, InterruptedException {
        long wait = idleNanos;
        while (!window.greeted()) {
            Reply r = replies.poll(wait);
            if (r == null) {
                throw new TransferException(
                        TransferError.TIMEOUT, "the receiver did not answer in time");
            }
            if (r instanceof Reply.Received rec && rec.frame() instanceof Frame.Pending p) {
                wait = TimeUnit.SECONDS.toNanos(p.timeoutSeconds()) + PENDING_SLACK_NANOS;
                extendDeadline.accept(wait);
                listener.waiting(p.timeoutSeconds());
                continue;
            }
            window.handle(r);
        }
        extendDeadline.accept(idleNanos);
    }

    private Frame.Offer offer(SendPlan.Item item, boolean eager) {
        if (item.directory()) {
            return new Frame.Offer(
                    Protocol.KIND_DIRECTORY,
                    false,
                    Protocol.ALG_NONE,
                    0,
                    item.mtimeMillis(),
                    new byte[Protocol.RESUME_ID_SIZE],
                    item.path());
        }
        return new Frame.Offer(
                Protocol.KIND_FILE,
                eager,
                alg,
                item.size(),
                item.mtimeMillis(),
                eager ? new byte[Protocol.RESUME_ID_SIZE] : item.resumeId(),
                item.path());
    }

    private void eager(SendPlan.Item item) throws IOException {
        int size = (int) item.size();
        room(2 * (Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY) + size);
        WireCodec.encode(offer(item, true), out);
        listener.fileStarted(item.path(), item.size(), 0);
        Hasher h = new Hasher(alg);
        try (SourceFile src = SourceFile.open(item)) {
            int start = out.position();
            src.read(out, 0, size);
            out.limit(out.capacity());
            h.update(out.duplicate().position(start).limit(start + size));
            src.checkUnchanged();
        }
        WireCodec.encode(new Frame.Checksum(alg, h.digest()), out);
        window.offered(item);
        wireBytes += size;
        totalSent += size;
        listener.progress(size, size, totalSent, totalSize);
    }

    private void large(SendPlan.Item item) throws IOException, InterruptedException {
        room(Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY);
        WireCodec.encode(offer(item, false), out);
        OfferWindow.Pending p = window.offered(item);
        flush();
        while (!p.accepted()) {
            Reply r = next();
            if (window.acceptsNow(p, r)) {
                stream(item, ((Frame.Accept) ((Reply.Received) r).frame()).offset());
            } else {
                window.handle(r);
            }
        }
    }

    private void stream(SendPlan.Item item, long offset) throws IOException {
        if (offset > item.size()) {
            throw new TransferException(
                    TransferError.PROTOCOL_ERROR, "resume offset beyond the file");
        }
        listener.fileStarted(item.path(), item.size(), offset);
        Hasher h = new Hasher(alg);
        try (SourceFile src = SourceFile.open(item)) {
            for (long pos = 0; pos < offset; ) {
                pos += src.read(out.clear(), pos, offset);
                h.update(out.flip());
            }
            totalSent += offset;
            for (long pos = offset; pos < item.size(); ) {
                int n = src.read(out.clear(), pos, item.size());
                h.update(out.flip());
                writeAll();
                pos += n;
                wireBytes += n;
                totalSent += n;
                listener.progress(pos, item.size(), totalSent, totalSize);
            }
            src.checkUnchanged();
        }
        out.clear();
        WireCodec.encode(new Frame.Checksum(alg, h.digest()), out);
    }

    private void room(int bytes) throws IOException {
        if (out.remaining() < bytes) {
            flush();
        }
    }

    private void flush() throws IOException {
        out.flip();
        writeAll();
        out.clear();
    }

    private void writeAll() throws IOException {
        while (out.hasRemaining()) {
            channel.write(out);
            extendDeadline.accept(idleNanos);
        }
    }

    private Reply next() throws IOException, InterruptedException {
        Reply r = replies.poll(idleNanos);
        if (r == null) {
            throw new TransferException(
                    TransferError.TIMEOUT, "the receiver did not answer in time");
        }
        return r;
    }

    private void drain() throws IOException {
        Reply r;
        while ((r = replies.poll()) != null) {
            window.handle(r);
        }
    }
}
