package dev.tft.transfer;

import org.slf4j.Logger;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logs peer-caused problems at most once per second per cause (RES-04, RES-11), counting what it
 * suppressed. Thread-safe.
 */
final class RateLimitedLog {
    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Logger log;
    private final ConcurrentHashMap<String, AtomicLong> last = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> suppressed = new ConcurrentHashMap<>();

    RateLimitedLog(Logger log) {
        this.log = log;
    }

    /**
     * Warns {@code cause: detail} unless {@code cause} was logged during the last second. Detail is
     * escaped.
     */
    void warn(String cause, String detail) {
        long now = System.nanoTime();
        AtomicLong t = last.computeIfAbsent(cause, k -> new AtomicLong(now - INTERVAL_NANOS));
        long prev = t.get();
        if (now - prev >= INTERVAL_NANOS && t.compareAndSet(prev, now)) {
            long skipped = suppressed.computeIfAbsent(cause, k -> new AtomicLong()).getAndSet(0);
            log.warn(
                    "{}: {}{}",
                    cause,
                    LogSafe.escape(detail),
                    skipped > 0 ? " (" + skipped + " similar suppressed)" : "");
        } else {
            suppressed.computeIfAbsent(cause, k -> new AtomicLong()).incrementAndGet();
        }
    }
}
