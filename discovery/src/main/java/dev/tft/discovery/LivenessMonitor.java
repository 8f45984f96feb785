package dev.tft.discovery;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

/**
 * Our own liveness signal: every round (run by the discovery scheduler) applies time to the table
 * and probes each entry that has been quiet for {@link #QUIET}: a TCP connect to its transfer port,
 * closed without a byte, at most {@link #CONNECT_TIMEOUT} per address and two addresses per probe.
 * Static peers' host names are resolved here too. Probes run on the probe pool, never on the
 * scheduler or a JmDNS thread, and at most one probe per entry is in flight.
 *
 * <p>With a 1 s round, a crashed peer fails its first probe within about 2–3 s (SUSPECT) and its
 * third within about 7–9 s (GONE): inside the 15 s goal. Thread-safe.
 */
final class LivenessMonitor {

    static final Duration QUIET = Duration.ofSeconds(2);
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final int ADDRESSES_PER_PROBE = 2;
    private static final Logger log = LoggerFactory.getLogger(LivenessMonitor.class);

    private final PeerTable table;
    private final PortProbe probe;
    private final Resolver.HostLookup lookup;
    private final ExecutorService probePool;
    private final Runnable onChange;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    LivenessMonitor(
            PeerTable table,
            PortProbe probe,
            Resolver.HostLookup lookup,
            ExecutorService probePool,
            Runnable onChange) {
        this.table = table;
        this.probe = probe;
        this.lookup = lookup;
        this.probePool = probePool;
        this.onChange = onChange;
    }

    /** One round; called periodically on the scheduler thread. Never throws. */
    void round() {
        if (table.tick()) {
            onChange.run();
        }
        for (PeerTable.ProbeTarget target : table.probeTargets(QUIET)) {
            if (!inFlight.add(target.key())) {
                continue;
            }
            try {
                probePool.execute(() -> probe(target));
            } catch (RejectedExecutionException shuttingDown) {
                inFlight.remove(target.key());
                return;
            }
        }
    }

    private void probe(PeerTable.ProbeTarget target) {
        try {
            List<InetAddress> addresses = target.addresses();
            if (target.staticHost() != null) {
                addresses = resolveStatic(target);
            }
            boolean ok = false;
            for (int i = 0; i < Math.min(ADDRESSES_PER_PROBE, addresses.size()) && !ok; i++) {
                ok =
                        probe.reachable(
                                new InetSocketAddress(addresses.get(i), target.port()),
                                CONNECT_TIMEOUT);
            }
            if (table.probeResult(target.key(), ok)) {
                onChange.run();
            }
        } catch (RuntimeException e) {
            log.warn("liveness probe of {} failed unexpectedly", target.key(), e);
        } finally {
            inFlight.remove(target.key());
        }
    }

    private List<InetAddress> resolveStatic(PeerTable.ProbeTarget target) {
        try {
            List<InetAddress> resolved = List.of(lookup.lookup(target.staticHost()));
            if (table.staticResolved(target.key(), resolved)) {
                onChange.run();
            }
            return resolved;
        } catch (UnknownHostException e) {
            log.debug("static peer {} does not resolve", SafeText.forLog(target.staticHost()));
            return target.addresses();
        }
    }
}
