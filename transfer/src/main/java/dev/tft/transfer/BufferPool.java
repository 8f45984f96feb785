package dev.tft.transfer;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Large direct buffers for sessions, reused so that a busy receiver does not churn direct memory.
 * At most {@code keep} returned buffers are kept; more are left to the garbage collector.
 * Thread-safe.
 */
final class BufferPool {
    private final int size;
    private final ArrayBlockingQueue<ByteBuffer> free;

    BufferPool(int size, int keep) {
        this.size = size;
        this.free = new ArrayBlockingQueue<>(keep);
    }

    /** A cleared direct buffer of {@code size} bytes. */
    ByteBuffer take() {
        ByteBuffer b = free.poll();
        return b != null ? b.clear() : ByteBuffer.allocateDirect(size);
    }

    /** Gives {@code b} back; the caller must not use it afterwards. */
    void give(ByteBuffer b) {
        free.offer(b);
    }
}
