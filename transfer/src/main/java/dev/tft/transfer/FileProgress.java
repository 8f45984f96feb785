package dev.tft.transfer;

/**
 * Live progress of one file being received, for {@link Receiver#activeTransfers()}. Written by its
 * connection thread only ({@code bytes} is volatile), read by any thread.
 */
final class FileProgress {
    private final String peer;
    private final String file;
    private final long size;
    private volatile long bytes;

    FileProgress(String peer, String file, long size, long bytes) {
        this.peer = peer;
        this.file = file;
        this.size = size;
        this.bytes = bytes;
    }

    /** Adds {@code n} stored bytes. Only the owning connection thread calls this. */
    void add(long n) {
        bytes += n;
    }

    long bytes() {
        return bytes;
    }

    ActiveTransfer snapshot() {
        return new ActiveTransfer(peer, file, bytes, size);
    }
}
