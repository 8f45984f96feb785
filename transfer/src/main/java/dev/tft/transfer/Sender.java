package dev.tft.transfer;

import dev.tft.transfer.wire.LegacyHeader;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Pushes files and directory trees to a receiver (native protocol) or a single file in the seed's
 * legacy form. Each push is blocking and uses the calling thread plus one reader thread it owns;
 * interrupting the calling thread closes the connection and fails the push with {@link
 * TransferError#CANCELLED}. Thread-safe: concurrent pushes are independent. See {@code PROTOCOL.md
 * part A} and {@code transfer/CONCURRENCY.md}.
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    /**
     * One watchdog thread for every sender in the JVM: closes a connection whose writes stall too
     * long.
     */
    private static final Watchdog WATCHDOG = new Watchdog("tft-tx-watchdog", System::nanoTime);

    private final LocalIdentity self;
    private final SenderOptions options;

    /** A sender that introduces itself as {@code self}. */
    public Sender(LocalIdentity self, SenderOptions options) {
        this.self = Objects.requireNonNull(self, "self");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Pushes {@code paths} (files and directories; trees keep their structure and empty
     * directories) over one connection. Returns only after the receiver confirmed every entry as
     * verified and stored; throws {@link TransferException} on the first refusal or failure
     * (entries confirmed before it stay stored).
     */
    public PushResult push(InetSocketAddress target, List<Path> paths, TransferListener listener)
            throws TransferException {
        Objects.requireNonNull(target, "target");
        List<SendPlan.Item> items = SendPlan.build(List.copyOf(paths));
        TransferListener safe = new SafeListener(Objects.requireNonNull(listener, "listener"));
        long total = items.stream().mapToLong(SendPlan.Item::size).sum();
        long start = System.nanoTime();
        SocketChannel ch = connect(target);
        long idle = options.idleTimeout().toNanos();
        Watchdog.Guard guard = WATCHDOG.guard(ch, idle);
        ReplyReader reader = new ReplyReader(ch, () -> guard.extend(idle));
        Thread readerThread = new Thread(reader, "tft-tx-reader");
        readerThread.setDaemon(true);
        readerThread.start();
        PushSession s = new PushSession(ch, reader, guard, idle, options.checksum(), safe, total);
        try {
            s.run(new SessionHeader(Protocol.VERSION, self.peerId(), self.displayName()), items);
            return new PushResult(
                    s.stored(), s.wireBytes(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException | ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(TransferError.CANCELLED, "push cancelled");
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw explain(e, guard, reader);
        } finally {
            guard.close();
            Receiver.closeQuietly(ch);
            joinQuietly(readerThread);
        }
    }

    /**
     * Pushes one file in the seed's legacy form ({@code NAME|SIZE} header, raw bytes, no reply).
     * Success means every byte was written and the receiver then closed the connection; nothing is
     * verified end to end.
     */
    public PushResult pushLegacy(InetSocketAddress target, Path file, TransferListener listener)
            throws TransferException {
        List<SendPlan.Item> items = SendPlan.build(List.of(file));
        SendPlan.Item item = items.get(0);
        if (item.directory()) {
            throw new TransferException(
                    TransferError.SOURCE_UNREADABLE, "legacy form sends single files only");
        }
        TransferListener safe = new SafeListener(Objects.requireNonNull(listener, "listener"));
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try {
            WireCodec.encodeLegacyHeader(new LegacyHeader(item.path(), item.size()), buf);
        } catch (IllegalArgumentException e) {
            throw new TransferException(
                    TransferError.BAD_NAME, "name too long for the legacy header");
        }
        long start = System.nanoTime();
        SocketChannel ch = connect(target);
        long idle = options.idleTimeout().toNanos();
        Watchdog.Guard guard = WATCHDOG.guard(ch, idle);
        try (FileChannel fc = FileChannel.open(item.source(), StandardOpenOption.READ)) {
            safe.fileStarted(item.path(), item.size(), 0);
            long pos = 0;
            while (true) {
                int n = fc.read(buf, pos);
                if (n > 0) {
                    pos += n;
                }
                if (pos > item.size() || n < 0 && pos < item.size()) {
                    throw new TransferException(
                            TransferError.SOURCE_CHANGED, "source changed: " + file);
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    ch.write(buf);
                    guard.extend(idle);
                }
                buf.clear();
                safe.progress(pos, item.size(), pos, item.size());
                if (pos == item.size()) {
                    break;
                }
            }
            BasicFileAttributes a = Files.readAttributes(item.source(), BasicFileAttributes.class);
            if (a.size() != item.size() || a.lastModifiedTime().toMillis() != item.mtimeMillis()) {
                throw new TransferException(
                        TransferError.SOURCE_CHANGED, "source changed: " + file);
            }
            ch.shutdownOutput();
            awaitClose(ch, guard, idle);
            safe.fileStored(item.path(), item.path(), item.size());
            return new PushResult(
                    List.of(new StoredFile(item.path(), item.path(), item.size())),
                    item.size(),
                    Duration.ofNanos(System.nanoTime() - start));
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new TransferException(TransferError.CANCELLED, "push cancelled");
        } catch (TransferException e) {
            throw e;
        } catch (IOException e) {
            throw explain(e, guard, null);
        } finally {
            guard.close();
            Receiver.closeQuietly(ch);
        }
    }

    /**
     * Waits for the receiver's close (the seed closes after SIZE bytes); bytes it sends are
     * ignored.
     */
    private static void awaitClose(SocketChannel ch, Watchdog.Guard guard, long idle)
            throws IOException {
        ByteBuffer sink = ByteBuffer.allocate(1024);
        while (ch.read(sink) >= 0) {
            sink.clear();
            guard.extend(idle);
        }
    }

    private SocketChannel connect(InetSocketAddress target) throws TransferException {
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.socket()
                    .connect(
                            target,
                            (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis()));
            return ch;
        } catch (IOException e) {
            if (ch != null) {
                Receiver.closeQuietly(ch);
            }
            if (Thread.currentThread().isInterrupted()
                    || e instanceof InterruptedIOException
                            && !(e instanceof java.net.SocketTimeoutException)) {
                throw new TransferException(TransferError.CANCELLED, "push cancelled");
            }
            throw new TransferException(
                    TransferError.CONNECT_FAILED, "cannot connect to " + target + ": " + e, e);
        }
    }

    /**
     * Turns a write failure into the most useful error: the receiver's own reason if it sent one.
     */
    private static TransferException explain(
            IOException e, Watchdog.Guard guard, ReplyReader reader) {
        if (guard.expired()) {
            return new TransferException(TransferError.TIMEOUT, "the receiver stalled", e);
        }
        if (e instanceof AsynchronousCloseException && Thread.currentThread().isInterrupted()) {
            return new TransferException(TransferError.CANCELLED, "push cancelled");
        }
        if (reader != null) {
            for (Object r : reader.queue) {
                if (r instanceof dev.tft.transfer.wire.Frame.Failed f) {
                    return new TransferException(
                            TransferError.fromWire(f.code()), LogSafe.escape(f.message()));
                }
                if (r instanceof dev.tft.transfer.wire.Frame.Reject f) {
                    return new TransferException(
                            TransferError.fromWire(f.code()), LogSafe.escape(f.message()));
                }
            }
        }
        return new TransferException(TransferError.CONNECTION_LOST, "connection lost: " + e, e);
    }

    private static void joinQuietly(Thread t) {
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Shields the push from a throwing listener. */
    private static final class SafeListener implements TransferListener {
        private final TransferListener d;

        SafeListener(TransferListener d) {
            this.d = d;
        }

        @Override
        public void fileStarted(String name, long size, long offset) {
            try {
                d.fileStarted(name, size, offset);
            } catch (RuntimeException e) {
                LOG.warn("transfer listener threw", e);
            }
        }

        @Override
        public void progress(long fileBytes, long fileSize, long totalBytes, long totalSize) {
            try {
                d.progress(fileBytes, fileSize, totalBytes, totalSize);
            } catch (RuntimeException e) {
                LOG.warn("transfer listener threw", e);
            }
        }

        @Override
        public void fileStored(String name, String storedName, long size) {
            try {
                d.fileStored(name, storedName, size);
            } catch (RuntimeException e) {
                LOG.warn("transfer listener threw", e);
            }
        }
    }
}
