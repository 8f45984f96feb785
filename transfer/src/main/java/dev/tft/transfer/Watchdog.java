package dev.tft.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Enforces absolute deadlines on blocking channels by closing them (a blocking {@code
 * SocketChannel} ignores {@code SO_TIMEOUT}). One daemon thread ticks every 250 ms over the
 * registered {@link Guard}s; a guard whose deadline passed is closed, which makes the blocked read
 * or write fail at once. It ticks only while guards exist: an idle daemon has no periodic wake-up
 * here. Thread-safe.
 */
final class Watchdog implements Closeable {
    // Deadlines are 10 s and more: a quarter-second of slack costs nothing and keeps an idle daemon
    // quiet.
    private static final long TICK_MILLIS = 250;

    private final ScheduledExecutorService tick;
    private final LongSupplier nanoTime;
    private final Set<Guard> guards = ConcurrentHashMap.newKeySet();

    /** The periodic check while guards exist, else null. Guarded by {@code this}. */
    private ScheduledFuture<?> ticking;

    Watchdog(String threadName, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.tick =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, threadName);
                            t.setDaemon(true);
                            return t;
                        });
    }

    /**
     * A deadline on one closeable; the deadline is a {@code nanoTime} value, updated by its owner.
     */
    final class Guard implements AutoCloseable {
        private final Closeable target;
        private volatile long deadline;
        private volatile boolean expired;

        private Guard(Closeable target, long deadline) {
            this.target = target;
            this.deadline = deadline;
        }

        /** Sets the deadline to now + {@code nanos}. */
        void extend(long nanos) {
            deadline = nanoTime.getAsLong() + nanos;
        }

        /**
         * Lifts the deadline while this end does slow local work (fsync, publish): the peer is not
         * at fault.
         */
        void suspend() {
            deadline = nanoTime.getAsLong() + TimeUnit.DAYS.toNanos(1);
        }

        /** True if the watchdog closed the target because the deadline passed. */
        boolean expired() {
            return expired;
        }

        @Override
        public void close() {
            guards.remove(this);
        }
    }

    /** Watches {@code target}, closing it {@code nanos} from now unless extended. */
    Guard guard(Closeable target, long nanos) {
        Guard g = new Guard(target, nanoTime.getAsLong() + nanos);
        synchronized (this) {
            // Added and scheduled under one lock, so check() cannot stop ticking in between.
            guards.add(g);
            if (ticking == null && !tick.isShutdown()) {
                ticking =
                        tick.scheduleWithFixedDelay(
                                this::check, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        return g;
    }

    private void check() {
        synchronized (this) {
            if (guards.isEmpty()) {
                if (ticking != null) {
                    ticking.cancel(false);
                    ticking = null;
                }
                return;
            }
        }
        long now = nanoTime.getAsLong();
        for (Guard g : guards) {
            if (now - g.deadline > 0) {
                g.expired = true;
                guards.remove(g);
                try {
                    g.target.close();
                } catch (IOException | RuntimeException ignored) {
                    // Closing is the whole point; a failure to close leaves nothing else to do.
                }
            }
        }
    }

    /** Whether the periodic check is scheduled now (tests: an idle watchdog must not tick). */
    synchronized boolean ticking() {
        return ticking != null;
    }

    @Override
    public void close() {
        tick.shutdownNow();
    }
}
