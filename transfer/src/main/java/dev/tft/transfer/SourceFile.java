package dev.tft.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A planned source file opened for sending, with change detection: reading past the planned size,
 * hitting its end early, or a different size or mtime afterwards all fail with {@link
 * TransferError#SOURCE_CHANGED}. Confined to the pushing thread.
 */
final class SourceFile implements Closeable {
    private final SendPlan.Item item;
    private final FileChannel channel;

    private SourceFile(SendPlan.Item item, FileChannel channel) {
        this.item = item;
        this.channel = channel;
    }

    static SourceFile open(SendPlan.Item item) throws IOException {
        try {
            return new SourceFile(item, FileChannel.open(item.source(), StandardOpenOption.READ));
        } catch (IOException e) {
            throw new TransferException(
                    TransferError.SOURCE_UNREADABLE,
                    "cannot read " + item.source() + ": " + e.getMessage(),
                    e);
        }
    }

    /**
     * Reads {@code [pos, min(pos + buf.remaining(), end))} into {@code buf} (left in write mode,
     * positioned after the bytes); returns the count.
     */
    int read(ByteBuffer buf, long pos, long end) throws IOException {
        int start = buf.position();
        buf.limit((int) Math.min(buf.limit(), start + (end - pos)));
        while (buf.hasRemaining()) {
            int n;
            try {
                n = channel.read(buf, pos + buf.position() - start);
            } catch (IOException e) {
                throw new TransferException(
                        TransferError.SOURCE_UNREADABLE,
                        "cannot read " + item.source() + ": " + e.getMessage(),
                        e);
            }
            if (n < 0) {
                throw changed();
            }
        }
        return buf.position() - start;
    }

    /** Fails with SOURCE_CHANGED if the file's size or mtime differ from the plan. */
    void checkUnchanged() throws IOException {
        BasicFileAttributes a = Files.readAttributes(item.source(), BasicFileAttributes.class);
        if (channel.size() != item.size()
                || a.size() != item.size()
                || a.lastModifiedTime().toMillis() != item.mtimeMillis()) {
            throw changed();
        }
    }

    TransferException changed() {
        return new TransferException(
                TransferError.SOURCE_CHANGED,
                "source changed while it was being sent: " + item.source());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
