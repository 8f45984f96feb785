/**
 * The JmDNS adapter: the only package of tft that imports {@code javax.jmdns}. It binds one JmDNS
 * instance per chosen address ({@link dev.tft.discovery.mdns.InterfaceScanner}), publishes one
 * service, and turns JmDNS callbacks into raw {@link dev.tft.discovery.mdns.ServiceSighting}s for
 * the peer table; it validates nothing peer-controlled beyond bounding sizes. {@link
 * dev.tft.discovery.mdns.FastTaskStarter} replaces JmDNS's slow probe/announce/goodbye timings with
 * RFC 6762 ones.
 */
package dev.tft.discovery.mdns;
