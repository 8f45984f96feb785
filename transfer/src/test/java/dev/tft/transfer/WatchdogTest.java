package dev.tft.transfer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Deadlines on an injected clock; and an idle watchdog stops ticking. */
@Timeout(10)
final class WatchdogTest {
    @Test
    void aPassedDeadlineClosesTheTargetAndAnIdleWatchdogStopsTicking() {
        AtomicLong now = new AtomicLong();
        try (Watchdog w = new Watchdog("test-watchdog", now::get)) {
            assertFalse(w.ticking(), "nothing to watch: no periodic wake-up");
            AtomicBoolean closed = new AtomicBoolean();
            Watchdog.Guard g = w.guard(() -> closed.set(true), 1_000);
            assertTrue(w.ticking());
            now.set(2_000); // the clock jumps past the deadline
            await().atMost(Duration.ofSeconds(5)).untilTrue(closed);
            assertTrue(g.expired());
            await().atMost(Duration.ofSeconds(5)).until(() -> !w.ticking());
        }
    }

    @Test
    void anExtendedGuardSurvivesAndAClosedOneStopsTheTicks() {
        AtomicLong now = new AtomicLong();
        try (Watchdog w = new Watchdog("test-watchdog", now::get)) {
            AtomicBoolean closed = new AtomicBoolean();
            Watchdog.Guard g = w.guard(() -> closed.set(true), 1_000);
            now.set(900);
            g.extend(1_000);
            now.set(1_500);
            g.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> !w.ticking());
            assertFalse(closed.get());
        }
    }
}
