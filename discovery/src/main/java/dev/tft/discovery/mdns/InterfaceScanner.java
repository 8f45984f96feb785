package dev.tft.discovery.mdns;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Chooses the addresses to bind mDNS nodes to. Never guesses through {@code getLocalHost()}:
 * JmDNS's own default picks loopback or the wrong NIC (jmdns#163; PROTOCOL.md B §8).
 *
 * <p>Policy: one node per IPv4 address of every interface that is up, not loopback and supports
 * multicast (optionally restricted to the named interfaces). IPv6 peers' link-local addresses are
 * still reported, with the scope of the interface they were seen on (see {@link MdnsNode}); we do
 * not run IPv6 nodes because one JmDNS instance per family on the same link collides with itself
 * (jmdns#96). In loopback-only mode the single address is 127.0.0.1 on the loopback interface.
 * Stateless and thread-safe.
 */
public final class InterfaceScanner {

    private InterfaceScanner() {}

    /**
     * Lists the bind addresses now, sorted for stable comparison.
     *
     * @param loopbackOnly only 127.0.0.1 (tests, CI)
     * @param names interface names to restrict to; empty = every usable interface
     * @throws SocketException if the OS refuses to list interfaces
     */
    public static List<BindAddress> scan(boolean loopbackOnly, Set<String> names)
            throws SocketException {
        List<BindAddress> out = new ArrayList<>();
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!usable(nif, loopbackOnly, names)) {
                continue;
            }
            for (InetAddress addr : Collections.list(nif.getInetAddresses())) {
                if (addr instanceof Inet4Address
                        && addr.isLoopbackAddress() == loopbackOnly
                        && (!loopbackOnly || addr.getHostAddress().equals("127.0.0.1"))) {
                    out.add(new BindAddress(addr, nif.getName()));
                }
            }
        }
        out.sort(Comparator.comparing(BindAddress::toString));
        return List.copyOf(out);
    }

    private static boolean usable(NetworkInterface nif, boolean loopbackOnly, Set<String> names)
            throws SocketException {
        if (!nif.isUp()) {
            return false;
        }
        if (loopbackOnly) {
            return nif.isLoopback();
        }
        return !nif.isLoopback()
                && nif.supportsMulticast()
                && (names.isEmpty() || names.contains(nif.getName()));
    }
}
