package dev.tft.transfer;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * A counted resource with a global cap and a per-remote-address cap, so that one host cannot take
 * every unit (RES-01 pre-header connections, RES-05 transfer slots). {@link #tryAcquire} never
 * waits. Thread-safe: one short monitor, no I/O under it.
 */
final class AddressQuota {
    private final int total;
    private final int perAddress;
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private int used;

    /**
     * @param total units in all, at least 1
     * @param perAddress units one address may hold at once, at least 1
     */
    AddressQuota(int total, int perAddress) {
        if (total < 1 || perAddress < 1) {
            throw new IllegalArgumentException("quota caps must be positive");
        }
        this.total = total;
        this.perAddress = perAddress;
    }

    /** Takes one unit for {@code from}; false (nothing taken) when either cap is reached. */
    synchronized boolean tryAcquire(InetAddress from) {
        int mine = byAddress.getOrDefault(from, 0);
        if (used >= total || mine >= perAddress) {
            return false;
        }
        used++;
        byAddress.put(from, mine + 1);
        return true;
    }

    /** Returns one unit taken by {@link #tryAcquire} for {@code from}. */
    synchronized void release(InetAddress from) {
        Integer mine = byAddress.get(from);
        if (mine == null) {
            throw new IllegalStateException("release without acquire");
        }
        used--;
        if (mine <= 1) {
            byAddress.remove(from);
        } else {
            byAddress.put(from, mine - 1);
        }
    }

    /** Units held now (for tests and status). */
    synchronized int used() {
        return used;
    }
}
