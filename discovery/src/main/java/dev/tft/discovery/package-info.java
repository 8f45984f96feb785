/**
 * Peer discovery for tft: advertises this daemon over mDNS/DNS-SD ({@code _tft._tcp.local.}), keeps
 * a bounded, live table of peers keyed by their TXT peer id, checks liveness with TCP probes of the
 * transfer port, and resolves user destinations. The wire-level contract is in PROTOCOL.md part B;
 * threads and locks in discovery/CONCURRENCY.md.
 *
 * <p>{@link dev.tft.discovery.Discovery} is the seam the daemon uses; {@link
 * dev.tft.discovery.MdnsDiscovery} the implementation. Only the {@code mdns} subpackage touches
 * JmDNS. Nothing here returns null unless documented.
 */
package dev.tft.discovery;
