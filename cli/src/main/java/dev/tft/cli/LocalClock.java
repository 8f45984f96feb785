package dev.tft.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The system clock in the default time zone, which is looked up on the first {@link #getZone()}:
 * resolving it loads the time-zone database (about 50 ms on a cold JVM), which only the commands
 * that show a local time need to pay for, not {@code tft peers}. Thread-safe.
 */
final class LocalClock extends Clock {
    private volatile ZoneId zone;

    @Override
    public ZoneId getZone() {
        ZoneId z = zone;
        if (z == null) {
            z = ZoneId.systemDefault();
            zone = z;
        }
        return z;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.system(zone);
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(System.currentTimeMillis());
    }
}
