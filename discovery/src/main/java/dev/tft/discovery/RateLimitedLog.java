package dev.tft.discovery;

import org.slf4j.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Warns about peer-caused problems at most once per interval per cause, counting what it
 * suppressed, so a peer that repeats a bad announcement (or a flood of them) cannot fill the log.
 * Causes should be a small fixed set of constant strings: each one is remembered for good. Details
 * come from the network: they are cleaned with {@link SafeText#clean} and cut to {@value
 * #DETAIL_MAX} code points. Thread-safe.
 */
final class RateLimitedLog {
    static final int DETAIL_MAX = 240;

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, AtomicLong> last = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    /**
     * @param interval shortest time between two warnings of one cause, positive
     * @param nanoTime monotonic clock in nanoseconds ({@code System::nanoTime} outside tests)
     */
    RateLimitedLog(Logger log, Duration interval, LongSupplier nanoTime) {
        this.log = Objects.requireNonNull(log, "log");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Warns {@code cause: detail} unless {@code cause} was logged less than one interval ago; the
     * next warning of that cause says how many were suppressed meanwhile.
     *
     * @return whether the warning was logged
     */
    boolean warn(String cause, String detail) {
        long now = nanoTime.getAsLong();
        AtomicLong t = last.computeIfAbsent(cause, k -> new AtomicLong(now - intervalNanos));
        long prev = t.get();
        AtomicLong skippedCount = suppressed.computeIfAbsent(cause, k -> new AtomicLong());
        if (now - prev >= intervalNanos && t.compareAndSet(prev, now)) {
            long skipped = skippedCount.getAndSet(0);
            log.warn(
                    "{}: {}{}",
                    cause,
                    SafeText.clean(detail, DETAIL_MAX),
                    skipped > 0 ? " (" + skipped + " similar suppressed)" : "");
            return true;
        }
        skippedCount.incrementAndGet();
        return false;
    }
}
