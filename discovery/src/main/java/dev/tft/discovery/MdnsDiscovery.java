package dev.tft.discovery;

import dev.tft.discovery.mdns.BindAddress;
import dev.tft.discovery.mdns.InterfaceScanner;
import dev.tft.discovery.mdns.MdnsNode;
import dev.tft.discovery.mdns.MdnsRuntime;
import dev.tft.discovery.mdns.ServiceAdvert;
import dev.tft.discovery.mdns.ServiceSighting;
import dev.tft.discovery.mdns.SightingSink;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link Discovery} over mDNS/DNS-SD (JmDNS, one instance per local IPv4 address) plus TCP liveness
 * probes and static peers. See PROTOCOL.md part B and discovery/CONCURRENCY.md.
 *
 * <p>Threads it owns (all daemon threads): {@code tft-discovery-scheduler} (liveness rounds every
 * second, interface re-scan every {@link #RESCAN_SECONDS} s), {@code tft-discovery-probe-N} (TCP
 * probes, DNS lookups of static hosts, closing vanished nodes) and {@code tft-discovery-events}
 * (listener calls). Thread-safe.
 */
public final class MdnsDiscovery implements Discovery {

    static final int RESCAN_SECONDS = 5;
    private static final int PROBE_THREADS = 4;
    private static final long CLOSE_BUDGET_MS = 2000;
    private static final Logger log = LoggerFactory.getLogger(MdnsDiscovery.class);

    private final DiscoveryConfig config;
    private final PeerTable table;
    private final Resolver resolver = new Resolver(InetAddress::getByName);
    private final RateLimitedLog peerLog =
            new RateLimitedLog(log, Duration.ofMinutes(1), System::nanoTime);
    private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<BindAddress, MdnsNode> nodes = new ConcurrentHashMap<>();
    private final Set<BindAddress> failedBinds = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean eventPending = new AtomicBoolean();
    private final AtomicInteger nodeCounter = new AtomicInteger();
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(daemon("tft-discovery-scheduler"));
    private final ExecutorService probePool =
            Executors.newFixedThreadPool(PROBE_THREADS, daemon("tft-discovery-probe"));
    private final ExecutorService events =
            Executors.newSingleThreadExecutor(daemon("tft-discovery-events"));
    private final LivenessMonitor monitor;
    private final Object lifecycle = new Object();
    private boolean started;
    private boolean closed;

    private MdnsDiscovery(DiscoveryConfig config, PortProbe probe) {
        this.config = config;
        this.table = new PeerTable(config.self(), config.clock(), PeerTable.Settings.DEFAULTS);
        this.monitor =
                new LivenessMonitor(
                        table, probe, InetAddress::getByName, probePool, this::fireChanged);
    }

    /** Creates an unstarted instance; nothing is bound until {@link #start()}. */
    public static MdnsDiscovery create(DiscoveryConfig config) {
        return new MdnsDiscovery(Objects.requireNonNull(config, "config"), PortProbe.TCP);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Having no usable interface at all (an offline laptop) is not an error: static peers still
     * work and the re-scan picks interfaces up when they appear.
     *
     * @throws IllegalStateException also if this JVM's JmDNS is configured for another mDNS port
     */
    @Override
    public void start() throws IOException {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            started = true;
        }
        MdnsRuntime.configure(config.mdnsPort(), MdnsRuntime.DEFAULT_TTL_SECONDS);
        config.staticPeers().forEach(table::addStatic);
        int wanted = rescan();
        if (wanted > 0 && nodes.isEmpty()) {
            close();
            throw new IOException("could not open an mDNS socket on any of " + failedBinds);
        }
        scheduler.scheduleWithFixedDelay(this::safeRound, 0, 1, TimeUnit.SECONDS);
        scheduler.scheduleWithFixedDelay(
                this::safeRescan, RESCAN_SECONDS, RESCAN_SECONDS, TimeUnit.SECONDS);
        if (!config.staticPeers().isEmpty()) {
            fireChanged();
        }
    }

    @Override
    public List<Peer> peers() {
        return table.snapshot();
    }

    @Override
    public Resolution resolve(String query) {
        return resolver.resolve(query, table.snapshot(), config.transferPort());
    }

    @Override
    public void addListener(PeerListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdownNow();
        List<Thread> closers = new ArrayList<>();
        List<MdnsNode> open;
        synchronized (lifecycle) {
            open = new ArrayList<>(nodes.values());
            nodes.clear();
        }
        for (MdnsNode node : open) {
            Thread t = new Thread(node::close, "tft-discovery-close");
            t.setDaemon(true);
            t.start();
            closers.add(t);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_BUDGET_MS);
        for (Thread t : closers) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        probePool.shutdownNow();
        events.shutdownNow();
    }

    /**
     * Opens nodes for new addresses, closes nodes of vanished ones; returns how many are wanted.
     */
    private int rescan() throws IOException {
        List<BindAddress> wanted =
                InterfaceScanner.scan(config.loopbackOnly(), new HashSet<>(config.interfaces()));
        for (BindAddress gone : new ArrayList<>(nodes.keySet())) {
            if (!wanted.contains(gone)) {
                MdnsNode node = nodes.remove(gone);
                if (node != null) {
                    log.info("mDNS interface address {} went away", gone);
                    closeInBackground(node);
                }
            }
        }
        for (BindAddress bind : wanted) {
            if (!nodes.containsKey(bind)) {
                open(bind);
            }
        }
        failedBinds.retainAll(wanted);
        return wanted.size();
    }

    /** JmDNS close() blocks ~0.2 s sending goodbyes: keep it off the scheduler thread. */
    private void closeInBackground(MdnsNode node) {
        try {
            probePool.execute(node::close);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            node.close();
        }
    }

    private void open(BindAddress bind) {
        String host =
                "tft-"
                        + config.self().value().substring(0, 8)
                        + "-"
                        + nodeCounter.getAndIncrement();
        try {
            MdnsNode node = MdnsNode.open(bind, host, advert(), new Sink());
            synchronized (lifecycle) {
                if (!closed) {
                    nodes.put(bind, node);
                    node = null;
                }
            }
            if (node != null) {
                node.close(); // close() ran while we were opening: don't leak the instance
                return;
            }
            failedBinds.remove(bind);
            log.info("mDNS on {} as {}", bind, host);
        } catch (IOException e) {
            if (failedBinds.add(bind)) {
                log.warn("cannot open mDNS on {}: {}", bind, e.toString());
            }
        }
    }

    private ServiceAdvert advert() {
        return new ServiceAdvert(
                instanceName(config.name()),
                config.transferPort(),
                Map.of(
                        Announcement.KEY_ID, config.self().value(),
                        Announcement.KEY_FINGERPRINT, config.fingerprint(),
                        Announcement.KEY_VERSION, config.version(),
                        Announcement.KEY_NAME, config.name(),
                        Announcement.KEY_OS, config.os()));
    }

    /** A DNS label holds at most 63 bytes: cut at a code point boundary. */
    static String instanceName(String name) {
        String out = name;
        while (out.getBytes(StandardCharsets.UTF_8).length > 63) {
            out = out.substring(0, out.offsetByCodePoints(out.length(), -1));
        }
        return out;
    }

    private void safeRound() {
        try {
            nodes.values().forEach(MdnsNode::requeryIfDue);
            monitor.round();
        } catch (RuntimeException e) {
            log.warn("liveness round failed", e);
        }
    }

    private void safeRescan() {
        try {
            rescan();
        } catch (IOException | RuntimeException e) {
            log.warn("interface re-scan failed: {}", e.toString());
        }
    }

    /** Coalesces bursts: at most one pending listener dispatch, which reads the newest snapshot. */
    private void fireChanged() {
        if (listeners.isEmpty() || !eventPending.compareAndSet(false, true)) {
            return;
        }
        try {
            events.execute(
                    () -> {
                        eventPending.set(false);
                        List<Peer> snapshot = table.snapshot();
                        for (PeerListener l : listeners) {
                            try {
                                l.peersChanged(snapshot);
                            } catch (RuntimeException e) {
                                log.warn("peer listener {} threw", l, e);
                            }
                        }
                    });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            eventPending.set(false);
        }
    }

    /** Runs on JmDNS listener threads: validate, update the table (brief lock), hand off events. */
    private final class Sink implements SightingSink {
        @Override
        public void sighted(ServiceSighting sighting) {
            Announcement.from(sighting)
                    .ifPresent(
                            a -> {
                                if (a.rejectsFingerprint(sighting)) {
                                    peerLog.warn(
                                            "ignoring a TXT fp that is malformed or does not match"
                                                    + " the peer's id",
                                            "peer "
                                                    + a.id()
                                                    + " ("
                                                    + a.instanceName()
                                                    + ") announced fp="
                                                    + sighting.txt()
                                                            .get(Announcement.KEY_FINGERPRINT));
                                }
                                if (table.observe(a)) {
                                    log.debug(
                                            "peer {} ({}) at {}",
                                            SafeText.forLog(a.name()),
                                            a.id(),
                                            a.addresses());
                                    fireChanged();
                                }
                            });
        }

        @Override
        public void removed(String instanceName, String via) {
            if (table.removed(instanceName, via)) {
                log.debug("peer {} said goodbye", SafeText.forLog(instanceName));
                fireChanged();
            }
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t =
                    new Thread(r, name.endsWith("probe") ? name + "-" + n.incrementAndGet() : name);
            t.setDaemon(true);
            return t;
        };
    }
}
