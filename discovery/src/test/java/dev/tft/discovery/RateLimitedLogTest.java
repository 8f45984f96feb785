package dev.tft.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

@Timeout(10)
class RateLimitedLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger(RateLimitedLogTest.class);
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final RateLimitedLog log;

    RateLimitedLogTest() {
        appender.start();
        logger.addAppender(appender);
        log = new RateLimitedLog(logger, Duration.ofMinutes(1), nanos::get);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(appender);
    }

    @Test
    void logsOncePerIntervalPerCauseAndCountsTheRest() {
        assertTrue(log.warn("bad fp", "peer a"));
        assertFalse(log.warn("bad fp", "peer b"));
        assertFalse(log.warn("bad fp", "peer c"));
        assertTrue(log.warn("other cause", "x"), "causes are limited separately");
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertFalse(log.warn("bad fp", "peer d"));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertTrue(log.warn("bad fp", "peer e"));
        assertEquals(3, appender.list.size());
        assertEquals("bad fp: peer a", appender.list.get(0).getFormattedMessage());
        assertEquals(
                "bad fp: peer e (3 similar suppressed)",
                appender.list.get(2).getFormattedMessage());
    }

    @Test
    void detailIsCleanedAndBounded() {
        log.warn("bad fp", "evil\u001b[2J\u202e" + "x".repeat(1000));
        String message = appender.list.get(0).getFormattedMessage();
        assertFalse(message.contains("\u001b") || message.contains("\u202e"), message);
        assertEquals("bad fp: ".length() + RateLimitedLog.DETAIL_MAX, message.length());
    }

    @Test
    void intervalMustBePositive() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new RateLimitedLog(logger, Duration.ZERO, nanos::get));
    }
}
