package dev.tft.daemon;

import dev.tft.transfer.IncomingPush;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Pushes held for the owner's decision (accept policy {@code ask}). Bounded: at most {@code
 * maxTotal} offers in all and {@code maxPerAddress} per sender address, so a flood of offers costs
 * no disk and little memory (each holds one idle connection thread, nothing else). An offer ends
 * when the owner decides, when it times out (completed with false by the timer) or when the
 * receiver gives up on it (it cancels the future); it leaves the registry in every case.
 * Thread-safe: one monitor, no I/O under it; the timer runs only while offers exist.
 */
final class PendingOffers {
    /** One held push. {@code outcome} completes with true (accept) or false (reject/timeout). */
    record Offer(
            String id, IncomingPush push, Instant created, CompletableFuture<Boolean> outcome) {}

    /** No pending offer matches. */
    static final class NoOfferException extends Exception {
        private static final long serialVersionUID = 1L;
        final List<String> pending;

        NoOfferException(String message, List<String> pending) {
            super(message);
            this.pending = List.copyOf(pending);
        }
    }

    private final int maxTotal;
    private final int maxPerAddress;
    private final Duration timeout;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final Map<String, Offer> offers = new LinkedHashMap<>();
    private final AtomicLong ids = new AtomicLong();

    PendingOffers(
            int maxTotal,
            int maxPerAddress,
            Duration timeout,
            Clock clock,
            ScheduledExecutorService timer) {
        this.maxTotal = maxTotal;
        this.maxPerAddress = maxPerAddress;
        this.timeout = timeout;
        this.clock = clock;
        this.timer = timer;
    }

    Duration timeout() {
        return timeout;
    }

    /** Registers {@code push}; empty when a bound is reached (the caller refuses the push). */
    Optional<Offer> hold(IncomingPush push) {
        Offer o;
        synchronized (this) {
            InetAddress from = push.from().getAddress();
            long mine =
                    offers.values().stream()
                            .filter(x -> x.push().from().getAddress().equals(from))
                            .count();
            if (offers.size() >= maxTotal || mine >= maxPerAddress) {
                return Optional.empty();
            }
            o =
                    new Offer(
                            "o-" + ids.incrementAndGet(),
                            push,
                            clock.instant(),
                            new CompletableFuture<>());
            offers.put(o.id(), o);
        }
        Offer held = o;
        held.outcome().whenComplete((ok, e) -> forget(held.id()));
        timer.schedule(
                () -> held.outcome().complete(false), timeout.toMillis(), TimeUnit.MILLISECONDS);
        return Optional.of(held);
    }

    private synchronized void forget(String id) {
        offers.remove(id);
    }

    /** Pending offers, oldest first. */
    synchronized List<Offer> list() {
        return List.copyOf(offers.values());
    }

    /**
     * The offer {@code id}, or the only pending one when {@code id} is null.
     *
     * @throws NoOfferException none matches, or several are pending and no id was given (the
     *     message says which; {@code pending} lists their ids)
     */
    synchronized Offer find(String id) throws NoOfferException {
        List<String> ids = new ArrayList<>(offers.keySet());
        if (id == null) {
            if (offers.size() == 1) {
                return offers.values().iterator().next();
            }
            throw new NoOfferException(
                    offers.isEmpty()
                            ? "no pending offers"
                            : offers.size() + " offers are pending: name one (tft pending)",
                    ids);
        }
        Offer o = offers.get(id);
        if (o == null) {
            throw new NoOfferException(
                    "no pending offer " + id + (ids.isEmpty() ? "" : " (tft pending lists them)"),
                    ids);
        }
        return o;
    }

    /** Seconds until {@code o} times out, at least 0. */
    long expiresInSeconds(Offer o) {
        Duration left = Duration.between(clock.instant(), o.created().plus(timeout));
        return Math.max(0, left.toSeconds());
    }

    long ageSeconds(Offer o) {
        return Math.max(0, Duration.between(o.created(), clock.instant()).toSeconds());
    }
}
