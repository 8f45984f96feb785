package dev.tft.discovery;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Mutable state of one {@link PeerTable} row. Not thread-safe: only touched under the table's
 * monitor.
 */
final class Entry {

    static final int MAX_ADDRESSES = 8;

    /** IPv4 first, then global IPv6, then link-local IPv6: the order connect attempts use. */
    private static final Comparator<InetAddress> BEST_FIRST =
            Comparator.comparingInt(
                    a -> a instanceof Inet4Address ? 0 : a.isLinkLocalAddress() ? 2 : 1);

    final String key;
    final Instant firstSeen;
    PeerId id;
    String fingerprint = "";
    String instanceName;
    String name = "";

    /** Latest addresses per local interface that saw the announcement. */
    final Map<String, List<InetAddress>> addressesByVia = new LinkedHashMap<>();

    int port;
    String version = "";
    String os = "";
    Instant lastSeen;
    int failures;
    boolean goodbye;

    /** Static entries start unknown: SUSPECT until reached once. */
    boolean everReached;

    boolean isStatic;
    String staticHost;
    List<InetAddress> staticAddresses = List.of();
    PeerState reported;

    Entry(String key, Instant now) {
        this.key = key;
        this.firstSeen = now;
        this.lastSeen = now;
    }

    static Entry forStatic(String key, StaticPeer peer, Instant now) {
        Entry e = new Entry(key, now);
        e.isStatic = true;
        e.staticHost = peer.host();
        e.name = SafeText.clean(peer.host(), Peer.MAX_NAME);
        e.port = peer.port();
        return e;
    }

    void update(Announcement a, Instant now) {
        List<InetAddress> old = addressesByVia.put(a.via(), a.addresses());
        if (port != a.port() || !a.addresses().equals(old)) {
            failures = 0; // new endpoint: earlier probe failures say nothing about it
        }
        id = a.id();
        fingerprint = a.fingerprint();
        instanceName = a.instanceName();
        name = a.name();
        port = a.port();
        version = a.version();
        os = a.os();
        lastSeen = now;
        goodbye = false;
        everReached = true;
    }

    List<InetAddress> addresses() {
        Set<InetAddress> all = new LinkedHashSet<>();
        addressesByVia.values().forEach(all::addAll);
        if (all.isEmpty()) {
            all.addAll(staticAddresses);
        }
        List<InetAddress> out = new ArrayList<>(all);
        out.sort(BEST_FIRST);
        return out.size() > MAX_ADDRESSES ? List.copyOf(out.subList(0, MAX_ADDRESSES)) : out;
    }

    PeerState state(Instant now, PeerTable.Settings s) {
        Duration silence = Duration.between(lastSeen, now);
        if (goodbye || failures >= s.goneAfterFailures() || silence.compareTo(s.goneAfter()) > 0) {
            return PeerState.GONE;
        }
        if (failures > 0 || !everReached || silence.compareTo(s.suspectAfter()) > 0) {
            return PeerState.SUSPECT;
        }
        return PeerState.UP;
    }

    Peer toPeer(Instant now, PeerTable.Settings s, boolean nameConflict) {
        return new Peer(
                id,
                fingerprint,
                name,
                addresses(),
                port,
                version,
                os,
                firstSeen,
                lastSeen,
                state(now, s),
                nameConflict,
                isStatic);
    }
}
