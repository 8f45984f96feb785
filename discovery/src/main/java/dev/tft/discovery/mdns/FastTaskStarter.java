package dev.tft.discovery.mdns;

import java.net.InetAddress;
import java.util.Timer;

import javax.jmdns.impl.DNSIncoming;
import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.JmDNSImpl;
import javax.jmdns.impl.ServiceInfoImpl;
import javax.jmdns.impl.constants.DNSConstants;
import javax.jmdns.impl.tasks.RecordReaper;
import javax.jmdns.impl.tasks.state.Announcer;
import javax.jmdns.impl.tasks.state.Canceler;
import javax.jmdns.impl.tasks.state.Prober;
import javax.jmdns.impl.tasks.state.Renewer;

/**
 * A JmDNS task starter with RFC 6762 timings instead of JmDNS's slow ones.
 *
 * <p>Why: stock JmDNS 3.6.x makes a new instance visible only after about 4 s. {@code Prober.start}
 * uses the RFC's 250 ms probe interval only when the host is <em>already announced</em> ({@code
 * isAnnounced()}), which is never true for a fresh instance, so it falls back to its
 * conflict/throttle interval of 1000 ms (3 probes = 3 s), and {@code Announcer.start} then waits
 * another 1000 ms before the first announcement. Measured on 3.6.5, loopback: appear ~4.05 s,
 * {@code close()} 2.0 s, goodbye to {@code serviceRemoved} 4.3–9.5 s. RFC 6762 §8.1/§8.3 ask for a
 * random 0–250 ms delay, 3 probes 250 ms apart, and an announcement right after. Likewise {@code
 * Canceler} spaces its 3 goodbyes 1 s apart (so {@code close()} blocks 2 s), and the cache reaper
 * that turns a received goodbye into {@code serviceRemoved} runs only every 10 s.
 *
 * <p>This starter runs the same JmDNS tasks with those timings:
 *
 * <ul>
 *   <li>probes: random 0–250 ms, then every 250 ms (JmDNS's own throttle after 10 rapid re-probes,
 *       i.e. a conflict storm, still applies);
 *   <li>announcements: the first immediately after probing, then 1 s apart (RFC);
 *   <li>goodbyes: 3 packets 100 ms apart, so {@code close()} takes about 0.2 s. Spacing matters
 *       twice: a JmDNS receiver restarts its 1 s "expire soon" timer on <em>every</em> goodbye
 *       copy, so the peer disappears 1 s after the last copy, not the first;
 *   <li>cache reaper: every 250 ms, so a goodbye (kept 1 s by JmDNS) is reported ~1–1.3 s after it
 *       arrived.
 * </ul>
 *
 * Timers: the resolver/responder/reaper tasks keep running on the stock starter's timer; the state
 * tasks run on this starter's own daemon state timer. Both are cancelled through the {@link
 * DNSTaskStarter} methods JmDNS calls on close.
 */
final class FastTaskStarter implements DNSTaskStarter {

    static final long PROBE_INTERVAL_MS = DNSConstants.PROBE_WAIT_INTERVAL;
    static final long GOODBYE_INTERVAL_MS = 100;
    static final long REAPER_INTERVAL_MS = 250;

    private final JmDNSImpl dns;
    private final DNSTaskStarter stock;
    private final Timer stateTimer;

    FastTaskStarter(JmDNSImpl dns) {
        this.dns = dns;
        this.stock = new DNSTaskStarter.DNSTaskStarterImpl(dns);
        // Daemon thread: unlike the stock non-daemon state timer, a forgotten instance can't keep
        // the
        // JVM alive (jmdns#219). MdnsNode always closes its instance anyway.
        this.stateTimer = new Timer("JmDNS(" + dns.getName() + ").FastState", true);
        // The stock state timer's thread starts in its constructor and would idle until close().
        stock.cancelStateTimer();
    }

    @Override
    public void purgeTimer() {
        stock.purgeTimer();
    }

    @Override
    public void purgeStateTimer() {
        stateTimer.purge();
    }

    @Override
    public void cancelTimer() {
        stock.cancelTimer();
    }

    @Override
    public void cancelStateTimer() {
        stateTimer.cancel();
    }

    @Override
    public void startProber() {
        startSafely(new FastProber(dns));
    }

    @Override
    public void startAnnouncer() {
        startSafely(new FastAnnouncer(dns));
    }

    @Override
    public void startRenewer() {
        startSafely(new Renewer(dns));
    }

    @Override
    public void startCanceler() {
        startSafely(new FastCanceler(dns));
    }

    // On the state timer because the stock starter's timer is private; runs are sequential anyway.
    @Override
    public void startReaper() {
        startSafely(new FastReaper(dns));
    }

    @Override
    public void startServiceInfoResolver(ServiceInfoImpl info) {
        stock.startServiceInfoResolver(info);
    }

    @Override
    public void startTypeResolver() {
        stock.startTypeResolver();
    }

    @Override
    public void startServiceResolver(String type) {
        stock.startServiceResolver(type);
    }

    @Override
    public void startResponder(DNSIncoming in, InetAddress addr, int port) {
        stock.startResponder(in, addr, port);
    }

    private void startSafely(javax.jmdns.impl.tasks.DNSTask task) {
        try {
            task.start(stateTimer);
        } catch (IllegalStateException cancelled) {
            // Timer already cancelled: the instance is closing; the stock StarterTimer ignores this
            // too.
        }
    }

    /** Probes at the RFC interval even before the host is announced. */
    static final class FastProber extends Prober {
        FastProber(JmDNSImpl dns) {
            super(dns);
        }

        @Override
        public void start(Timer timer) {
            JmDNSImpl d = getDns();
            long now = System.currentTimeMillis();
            boolean burst =
                    now - d.getLastThrottleIncrement() < DNSConstants.PROBE_THROTTLE_COUNT_INTERVAL;
            d.setThrottle(burst ? d.getThrottle() + 1 : 1);
            d.setLastThrottleIncrement(now);
            if (d.isCanceling() || d.isCanceled()) {
                return;
            }
            if (d.getThrottle() < DNSConstants.PROBE_THROTTLE_COUNT) {
                long delay = JmDNSImpl.getRandom().nextInt(1 + (int) PROBE_INTERVAL_MS);
                timer.schedule(this, delay, PROBE_INTERVAL_MS);
            } else {
                timer.schedule(
                        this,
                        DNSConstants.PROBE_CONFLICT_INTERVAL,
                        DNSConstants.PROBE_CONFLICT_INTERVAL);
            }
        }
    }

    /** First announcement right after the last probe (RFC 6762 §8.3), then 1 s apart. */
    static final class FastAnnouncer extends Announcer {
        FastAnnouncer(JmDNSImpl dns) {
            super(dns);
        }

        @Override
        public void start(Timer timer) {
            if (!getDns().isCanceling() && !getDns().isCanceled()) {
                timer.schedule(this, 0, DNSConstants.ANNOUNCE_WAIT_INTERVAL);
            }
        }
    }

    /** Three goodbyes 100 ms apart instead of 1 s apart (still three: one may be lost). */
    static final class FastCanceler extends Canceler {
        FastCanceler(JmDNSImpl dns) {
            super(dns);
        }

        @Override
        public void start(Timer timer) {
            timer.schedule(this, 0, GOODBYE_INTERVAL_MS);
        }
    }

    /** Reaps expired cache records every 250 ms so goodbyes surface quickly. */
    static final class FastReaper extends RecordReaper {
        FastReaper(JmDNSImpl dns) {
            super(dns);
        }

        @Override
        public void start(Timer timer) {
            if (!getDns().isCanceling() && !getDns().isCanceled()) {
                timer.schedule(this, REAPER_INTERVAL_MS, REAPER_INTERVAL_MS);
            }
        }
    }
}
