package dev.tft.discovery.mdns;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import javax.jmdns.JmDNS;
import javax.jmdns.ServiceEvent;
import javax.jmdns.ServiceInfo;
import javax.jmdns.ServiceListener;

/**
 * Manual baseline (not a test): stock JmDNS timings on 127.0.0.1 and a random high port, with
 * ({@code fast}) or without our {@link FastTaskStarter}. Args: {@code stock|fast [reps]}.
 */
public final class MeasureStockJmdns {
    private MeasureStockJmdns() {}

    public static void main(String[] args) throws Exception {
        boolean fast = args[0].equals("fast");
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int port = ThreadLocalRandom.current().nextInt(20000, 30000);
        if (fast) {
            MdnsRuntime.configure(port, 60);
        } else {
            System.setProperty("net.mdns.port", Integer.toString(port));
            System.setProperty("net.dns.ttl", "60");
        }
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        List<String> rows = new ArrayList<>();
        try (JmDNS observer = JmDNS.create(lo, "observer")) {
            long[] resolvedAt = {0};
            long[] removedAt = {0};
            observer.addServiceListener(
                    ServiceAdvert.SERVICE_TYPE,
                    new ServiceListener() {
                        @Override
                        public void serviceAdded(ServiceEvent e) {}

                        @Override
                        public void serviceRemoved(ServiceEvent e) {
                            synchronized (removedAt) {
                                removedAt[0] = System.nanoTime();
                            }
                        }

                        @Override
                        public void serviceResolved(ServiceEvent e) {
                            if (e.getInfo().getPropertyString("id") != null) {
                                synchronized (resolvedAt) {
                                    if (resolvedAt[0] == 0) {
                                        resolvedAt[0] = System.nanoTime();
                                    }
                                }
                            }
                        }
                    });
            Thread.sleep(5000);
            for (int i = 0; i < reps; i++) {
                synchronized (resolvedAt) {
                    resolvedAt[0] = 0;
                }
                synchronized (removedAt) {
                    removedAt[0] = 0;
                }
                long t0 = System.nanoTime();
                JmDNS peer = JmDNS.create(lo, "peer" + i);
                peer.registerService(
                        ServiceInfo.create(
                                ServiceAdvert.SERVICE_TYPE,
                                "peer" + i,
                                5001,
                                0,
                                0,
                                Map.of("id", "aaaaaaaaaaaaaaaa" + i)));
                while (resolved(resolvedAt) == 0) {
                    Thread.sleep(5);
                }
                long appear = TimeUnit.NANOSECONDS.toMillis(resolved(resolvedAt) - t0);
                Thread.sleep(1500);
                long t1 = System.nanoTime();
                peer.close();
                long close = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (resolved(removedAt) == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                long leave =
                        resolved(removedAt) == 0
                                ? -1
                                : TimeUnit.NANOSECONDS.toMillis(resolved(removedAt) - t1);
                rows.add("appear=" + appear + " close=" + close + " leave=" + leave);
            }
        }
        System.out.println((fast ? "fast " : "stock ") + JmDNS.VERSION + " " + rows);
        System.exit(0);
    }

    private static long resolved(long[] cell) {
        synchronized (cell) {
            return cell[0];
        }
    }
}
