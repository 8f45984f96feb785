package dev.tft.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Manual measurement on loopback (not a test): {@code java -cp ...
 * dev.tft.discovery.MeasureLoopback [reps]} prints min / median / max of appear, late-joiner,
 * close() and clean-leave times. Binds 127.0.0.1 only, on the random high mDNS port of {@link
 * LoopbackPeers}.
 */
public final class MeasureLoopback {
    private MeasureLoopback() {}

    public static void main(String[] args) throws Exception {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        List<Long> appear = new ArrayList<>();
        List<Long> late = new ArrayList<>();
        List<Long> close = new ArrayList<>();
        List<Long> leave = new ArrayList<>();
        try (LoopbackPeers.Node a = LoopbackPeers.node("observer").start()) {
            Thread.sleep(2000);
            for (int i = 0; i < reps; i++) {
                LoopbackPeers.Node b = LoopbackPeers.node("peer" + i);
                long t0 = System.nanoTime();
                b.start();
                long[] seen = {
                    -1, -1
                }; // poll both directions together so neither waits for the other
                waitFor(
                        () -> {
                            if (seen[0] < 0 && LoopbackPeers.isUp(a.discovery, b.id)) {
                                seen[0] = ms(t0);
                            }
                            if (seen[1] < 0 && LoopbackPeers.isUp(b.discovery, a.id)) {
                                seen[1] = ms(t0);
                            }
                            return seen[0] >= 0 && seen[1] >= 0;
                        },
                        () ->
                                "observer sees "
                                        + a.discovery.peers()
                                        + "; newcomer sees "
                                        + b.discovery.peers());
                appear.add(seen[0]);
                late.add(seen[1]);
                Thread.sleep(1500);
                long t1 = System.nanoTime();
                b.close();
                close.add(ms(t1));
                waitFor(
                        () -> LoopbackPeers.isGoneOrAbsent(a.discovery, b.id),
                        () -> "observer sees " + a.discovery.peers());
                leave.add(ms(t1));
            }
        }
        print("appear (start -> UP at observer)", appear);
        print("late joiner sees existing", late);
        print("close()", close);
        print("clean leave (close -> GONE at observer)", leave);
        System.exit(0);
    }

    private static void waitFor(BooleanSupplier condition, Supplier<String> state)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out: " + state.get());
            }
            Thread.sleep(5);
        }
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static void print(String what, List<Long> values) {
        List<Long> v = new ArrayList<>(values);
        Collections.sort(v);
        System.out.printf(
                "%-45s min %5d / median %5d / max %5d ms (n=%d) %s%n",
                what, v.get(0), v.get(v.size() / 2), v.get(v.size() - 1), v.size(), values);
    }
}
