package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The pushing thread's side of one native session. Directories and files up to 64 KiB go EAGERly
 * (offer, payload and checksum batched into one 1 MiB direct buffer, no round trip); a larger file
 * waits for its ACCEPT, then streams from the offset with the same buffer. Replies are matched to
 * offers strictly in order; at most {@link #WINDOW} offers are unanswered at once. Confined to the
 * pushing thread.
 */
final class PushSession {
    static final int WINDOW = 1024;
    private static final int BUFFER = 1 << 20;

    private final SocketChannel channel;
    private final ReplyReader replies;
    private final Watchdog.Guard guard;
    private final long idleNanos;
    private final int alg;
    private final TransferListener listener;
    private final ByteBuffer out = ByteBuffer.allocateDirect(BUFFER);
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<StoredFile> stored = new ArrayList<>();
    private final long totalSize;
    private long totalSent;
    private long wireBytes;
    private boolean hello;

    private static final class Pending {
        final SendPlan.Item item;
        boolean accepted;

        Pending(SendPlan.Item item) {
            this.item = item;
        }
    }

    PushSession(
            SocketChannel channel,
            ReplyReader replies,
            Watchdog.Guard guard,
            long idleNanos,
            int alg,
            TransferListener listener,
            long totalSize) {
        this.channel = channel;
        this.replies = replies;
        this.guard = guard;
        this.idleNanos = idleNanos;
        this.alg = alg;
        this.listener = listener;
        this.totalSize = totalSize;
    }

    List<StoredFile> stored() {
        return stored;
    }

    long wireBytes() {
        return wireBytes;
    }

    void run(SessionHeader header, List<SendPlan.Item> items)
            throws IOException, InterruptedException {
        WireCodec.encodeSessionHeader(header, out);
        for (SendPlan.Item item : items) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (item.directory()) {
                room(Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY);
                WireCodec.encode(offer(item, false), out);
                pending.add(new Pending(item));
            } else if (item.size() <= Protocol.EAGER_MAX) {
                eager(item);
            } else {
                large(item);
            }
            drain();
            while (pending.size() >= WINDOW) {
                flush();
                handle(next());
            }
        }
        room(Protocol.FRAME_HEADER_SIZE);
        WireCodec.encode(new Frame.End(), out);
        flush();
        while (!pending.isEmpty()) {
            handle(next());
        }
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
        try (FileChannel fc = FileChannel.open(item.source(), StandardOpenOption.READ)) {
            int start = out.position();
            out.limit(start + size);
            while (out.hasRemaining()) {
                if (fc.read(out) < 0) {
                    throw changed(item);
                }
            }
            out.limit(out.capacity());
            h.update(out.duplicate().position(start).limit(start + size));
            unchanged(fc, item);
        }
        WireCodec.encode(new Frame.Checksum(alg, h.digest()), out);
        pending.add(new Pending(item));
        wireBytes += size;
        totalSent += size;
        listener.progress(size, size, totalSent, totalSize);
    }

    private void large(SendPlan.Item item) throws IOException, InterruptedException {
        room(Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY);
        WireCodec.encode(offer(item, false), out);
        Pending p = new Pending(item);
        pending.add(p);
        flush();
        while (!p.accepted) {
            Object r = next();
            if (hello && pending.peekFirst() == p && r instanceof Frame.Accept a) {
                p.accepted = true;
                stream(item, a.offset());
            } else {
                handle(r);
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
        try (FileChannel fc = FileChannel.open(item.source(), StandardOpenOption.READ)) {
            for (long pos = 0; pos < offset; ) {
                pos += readChunk(fc, item, pos, offset);
                h.update(out.flip());
            }
            totalSent += offset;
            for (long pos = offset; pos < item.size(); ) {
                int n = readChunk(fc, item, pos, item.size());
                h.update(out.flip());
                writeAll();
                pos += n;
                wireBytes += n;
                totalSent += n;
                listener.progress(pos, item.size(), totalSent, totalSize);
            }
            unchanged(fc, item);
        }
        out.clear();
        WireCodec.encode(new Frame.Checksum(alg, h.digest()), out);
    }

    /** Reads [pos, min(pos + 1 MiB, end)) into the cleared buffer (left in write mode). */
    private int readChunk(FileChannel fc, SendPlan.Item item, long pos, long end)
            throws IOException {
        out.clear().limit((int) Math.min(out.capacity(), end - pos));
        while (out.hasRemaining()) {
            if (fc.read(out, pos + out.position()) < 0) {
                throw changed(item);
            }
        }
        return out.position();
    }

    private void unchanged(FileChannel fc, SendPlan.Item item) throws IOException {
        BasicFileAttributes a = Files.readAttributes(item.source(), BasicFileAttributes.class);
        if (fc.size() != item.size()
                || a.size() != item.size()
                || a.lastModifiedTime().toMillis() != item.mtimeMillis()) {
            throw changed(item);
        }
    }

    private static TransferException changed(SendPlan.Item item) {
        return new TransferException(
                TransferError.SOURCE_CHANGED,
                "source changed while it was being sent: " + item.source());
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
            guard.extend(idleNanos);
        }
    }

    private Object next() throws IOException, InterruptedException {
        Object r = replies.queue.poll(idleNanos, TimeUnit.NANOSECONDS);
        if (r == null) {
            throw new TransferException(
                    TransferError.TIMEOUT, "the receiver did not answer in time");
        }
        return r;
    }

    private void drain() throws IOException {
        Object r;
        while ((r = replies.queue.poll()) != null) {
            handle(r);
        }
    }

    /** Applies one reply (or the reader's end marker) to the oldest unanswered offer. */
    private void handle(Object r) throws IOException {
        if (r instanceof ReplyReader.End e) {
            replies.queue.add(e); // keep it visible to later calls
            throw new TransferException(e.error(), e.message());
        }
        if (!hello) {
            if (r instanceof Frame.Hello) {
                hello = true;
                return;
            }
            if (r instanceof Frame.Reject rej) {
                throw remote(rej.code(), rej.message(), "session refused");
            }
            throw new TransferException(
                    TransferError.NOT_TFT, "the receiver did not greet with HELLO");
        }
        Pending head = pending.peekFirst();
        if (head == null) {
            if (r instanceof Frame.Failed f) {
                throw remote(f.code(), f.message(), "session failed");
            }
            throw new TransferException(TransferError.PROTOCOL_ERROR, "unexpected reply " + r);
        }
        String path = LogSafe.escape(head.item.path());
        if (r instanceof Frame.Accept && !head.accepted) {
            head.accepted = true;
        } else if (r instanceof Frame.Reject rej && !head.accepted) {
            throw remote(rej.code(), rej.message(), path + " refused");
        } else if (r instanceof Frame.Stored s && head.accepted) {
            pending.removeFirst();
            stored.add(new StoredFile(head.item.path(), s.storedPath(), head.item.size()));
            if (!head.item.directory()) {
                listener.fileStored(head.item.path(), s.storedPath(), head.item.size());
            }
        } else if (r instanceof Frame.Failed f) {
            throw remote(f.code(), f.message(), path + " failed");
        } else {
            throw new TransferException(TransferError.PROTOCOL_ERROR, "reply out of order: " + r);
        }
    }

    private static TransferException remote(int code, String message, String what) {
        return new TransferException(
                TransferError.fromWire(code), what + ": " + LogSafe.escape(message));
    }
}
