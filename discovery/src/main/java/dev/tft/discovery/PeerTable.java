package dev.tft.discovery;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The live peer table: keyed by TXT peer id (static peers not yet matched to an announcement by
 * {@code static:host:port}), never by instance name or IP. Fed by {@link Announcement}s, goodbyes
 * and probe results; knows nothing about sockets, so it is tested with an injected clock alone.
 *
 * <p>State rules (PROTOCOL.md part B, Liveness): GONE after a goodbye, after {@link
 * Settings#goneAfterFailures} failed probes in a row, or after {@link Settings#goneAfter} of
 * silence; SUSPECT after one failed probe or {@link Settings#suspectAfter} of silence; else UP.
 * GONE entries are forgotten {@link Settings#forgetAfter} after they were last seen (static entries
 * never are). At most {@link Settings#capacity} entries: when full, the stalest GONE, then the
 * stalest SUSPECT entry is evicted; if every entry is UP or static the newcomer is refused.
 *
 * <p>Thread-safe: every method takes the table's monitor briefly; nothing under it blocks, does I/O
 * or calls out. Mutators return true when a listener-visible change happened.
 */
final class PeerTable {

    /** Tunables; {@link #DEFAULTS} are what the daemon uses. */
    record Settings(
            int capacity,
            Duration suspectAfter,
            Duration goneAfter,
            int goneAfterFailures,
            Duration forgetAfter) {
        static final Settings DEFAULTS =
                new Settings(
                        256,
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(12),
                        3,
                        Duration.ofSeconds(60));
    }

    /** What the liveness monitor needs to probe one entry. */
    record ProbeTarget(String key, List<InetAddress> addresses, int port, String staticHost) {}

    private final PeerId self;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private long refused;

    PeerTable(PeerId self, Clock clock, Settings settings) {
        this.self = Objects.requireNonNull(self, "self");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Adds a configured static peer (name = host until an announcement matches it). */
    synchronized void addStatic(StaticPeer peer) {
        String key = "static:" + peer;
        entries.computeIfAbsent(key, k -> Entry.forStatic(k, peer, clock.instant()));
    }

    /** Records an announcement; returns false for ourselves, for refused ones, and for repeats. */
    synchronized boolean observe(Announcement a) {
        if (a.id().equals(self)) {
            return false;
        }
        Instant now = clock.instant();
        boolean changed = retireInstanceName(a.instanceName(), a.id());
        Entry e = findById(a.id());
        if (e == null) {
            e = matchStatic(a);
        }
        if (e == null) {
            if (!makeRoom()) {
                refused++;
                return changed;
            }
            e = new Entry(idKey(a.id()), now);
            entries.put(e.key, e);
        }
        Peer before = e.id == null && !e.isStatic ? null : e.toPeer(now, settings, false);
        e.update(a, now);
        e.reported = e.state(now, settings);
        return changed || before == null || !sameVisible(before, e.toPeer(now, settings, false));
    }

    /**
     * The service with this instance name said goodbye (or expired) as seen on {@code via}. The
     * addresses learnt on that interface are dropped; the entry is GONE once no interface has any
     * left (a peer that leaves one network but stays on another remains UP).
     */
    synchronized boolean removed(String instanceName, String via) {
        boolean changed = false;
        for (Entry e : entries.values()) {
            if (!instanceName.equals(e.instanceName) || e.goodbye) {
                continue;
            }
            if (e.addressesByVia.size() > 1) {
                changed |= e.addressesByVia.remove(via) != null;
            } else {
                e.goodbye = true; // keep the last addresses: a GONE row still says where it was
                e.reported = PeerState.GONE;
                changed = true;
            }
        }
        return changed;
    }

    /** Records a probe of the entry {@code key}; success counts as being seen. */
    synchronized boolean probeResult(String key, boolean reachable) {
        Entry e = entries.get(key);
        if (e == null) {
            return false;
        }
        Instant now = clock.instant();
        PeerState before = e.state(now, settings);
        if (reachable) {
            e.failures = 0;
            e.lastSeen = now;
            e.everReached = true;
            if (e.isStatic) {
                e.goodbye = false; // static peers are configured, not announced: a probe is enough
            }
        } else {
            e.failures++;
        }
        e.reported = e.state(now, settings); // reported here, so tick() won't announce it twice
        return before != e.reported;
    }

    /** Stores the addresses a static entry's host resolved to. */
    synchronized boolean staticResolved(String key, List<InetAddress> addresses) {
        Entry e = entries.get(key);
        if (e == null || !e.isStatic || e.staticAddresses.equals(addresses)) {
            return false;
        }
        e.staticAddresses = List.copyOf(addresses);
        return true;
    }

    /**
     * Entries worth probing now: quiet for at least {@code quiet} and not said goodbye (static
     * entries are probed even then: they may come back without announcing).
     */
    synchronized List<ProbeTarget> probeTargets(Duration quiet) {
        Instant cutoff = clock.instant().minus(quiet);
        List<ProbeTarget> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if ((!e.goodbye || e.isStatic) && !e.lastSeen.isAfter(cutoff)) {
                out.add(
                        new ProbeTarget(
                                e.key, e.addresses(), e.port, e.isStatic ? e.staticHost : null));
            }
        }
        return out;
    }

    /**
     * Applies time: forgets old GONE entries; true if any entry's state changed since last tick.
     */
    synchronized boolean tick() {
        Instant now = clock.instant();
        boolean changed =
                entries.values()
                        .removeIf(
                                e ->
                                        !e.isStatic
                                                && e.state(now, settings) == PeerState.GONE
                                                && e.lastSeen
                                                        .plus(settings.forgetAfter())
                                                        .isBefore(now));
        for (Entry e : entries.values()) {
            PeerState s = e.state(now, settings);
            if (s != e.reported) {
                e.reported = s;
                changed = true;
            }
        }
        return changed;
    }

    /** Sorted snapshot (UP, SUSPECT, GONE; then name; then id). */
    synchronized List<Peer> snapshot() {
        Instant now = clock.instant();
        Map<String, Integer> names = new HashMap<>();
        for (Entry e : entries.values()) {
            if (e.state(now, settings) != PeerState.GONE) {
                names.merge(e.name.toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        List<Peer> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            boolean conflict =
                    e.state(now, settings) != PeerState.GONE
                            && names.getOrDefault(e.name.toLowerCase(Locale.ROOT), 0) > 1;
            out.add(e.toPeer(now, settings, conflict));
        }
        out.sort(ORDER);
        return out;
    }

    /** Announcements refused because the table was full (for logs/metrics). */
    synchronized long refusedCount() {
        return refused;
    }

    static final Comparator<Peer> ORDER =
            Comparator.comparing(Peer::state)
                    .thenComparing(p -> p.name().toLowerCase(Locale.ROOT))
                    .thenComparing(Peer::id, Comparator.nullsLast(Comparator.naturalOrder()));

    private static String idKey(PeerId id) {
        return "id:" + id.value();
    }

    /** A new id under an instance name we know means its old owner restarted: retire the old id. */
    private boolean retireInstanceName(String instanceName, PeerId id) {
        boolean changed = false;
        for (Entry e : entries.values()) {
            if (instanceName.equals(e.instanceName) && !id.equals(e.id) && !e.goodbye) {
                e.goodbye = true;
                e.reported = PeerState.GONE;
                changed = true;
            }
        }
        return changed;
    }

    /** By key first; a static entry that adopted this id keeps its static key, so scan for it. */
    private Entry findById(PeerId id) {
        Entry e = entries.get(idKey(id));
        if (e != null) {
            return e;
        }
        for (Entry candidate : entries.values()) {
            if (id.equals(candidate.id)) {
                return candidate;
            }
        }
        return null;
    }

    private Entry matchStatic(Announcement a) {
        for (Entry e : entries.values()) {
            if (e.isStatic
                    && e.id == null
                    && e.port == a.port()
                    && e.staticAddresses.stream().anyMatch(a.addresses()::contains)) {
                return e;
            }
        }
        return null;
    }

    private boolean makeRoom() {
        if (entries.size() < settings.capacity()) {
            return true;
        }
        Instant now = clock.instant();
        for (PeerState victimState : List.of(PeerState.GONE, PeerState.SUSPECT)) {
            Entry victim =
                    entries.values().stream()
                            .filter(e -> !e.isStatic && e.state(now, settings) == victimState)
                            .min(Comparator.comparing((Entry e) -> e.lastSeen))
                            .orElse(null);
            if (victim != null) {
                entries.remove(victim.key);
                return true;
            }
        }
        return false;
    }

    private static boolean sameVisible(Peer a, Peer b) {
        return Objects.equals(a.id(), b.id())
                && a.fingerprint().equals(b.fingerprint())
                && a.name().equals(b.name())
                && a.addresses().equals(b.addresses())
                && a.port() == b.port()
                && a.version().equals(b.version())
                && a.os().equals(b.os())
                && a.state() == b.state();
    }
}
