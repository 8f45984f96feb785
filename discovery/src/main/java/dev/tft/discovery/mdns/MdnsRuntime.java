package dev.tft.discovery.mdns;

import javax.jmdns.impl.DNSTaskStarter;
import javax.jmdns.impl.constants.DNSConstants;

/**
 * JVM-wide JmDNS settings: the mDNS port, the record TTL and the faster task timings of {@link
 * FastTaskStarter}.
 *
 * <p>JmDNS reads {@code net.mdns.port} and {@code net.dns.ttl} into {@code static final} fields of
 * {@code DNSConstants} when that class loads, and its task starter is a process-wide factory. So
 * these settings exist once per JVM: {@link #configure} must run before any other code touches a
 * {@code javax.jmdns} class, and a second call must ask for the same values. This class is the only
 * place that writes them. Thread-safe.
 */
public final class MdnsRuntime {

    /**
     * Record TTL we advertise, in seconds (RFC 6762 suggests 120 s for host records; JmDNS: 1 h).
     */
    public static final int DEFAULT_TTL_SECONDS = 60;

    private static Integer configuredPort;
    private static Integer configuredTtl;

    private MdnsRuntime() {}

    /**
     * Fixes the mDNS UDP port and record TTL for this JVM and installs {@link FastTaskStarter}.
     *
     * @param mdnsPort UDP port, 1..65535 (5353 on real networks; a high port in tests)
     * @param ttlSeconds TTL of every record we publish, 1..3600
     * @throws IllegalStateException if JmDNS was already loaded or configured with other values
     */
    public static synchronized void configure(int mdnsPort, int ttlSeconds) {
        if (mdnsPort < 1 || mdnsPort > 65535) {
            throw new IllegalArgumentException("mdnsPort out of range: " + mdnsPort);
        }
        if (ttlSeconds < 1 || ttlSeconds > 3600) {
            throw new IllegalArgumentException("ttlSeconds out of range: " + ttlSeconds);
        }
        if (configuredPort != null) {
            if (configuredPort != mdnsPort || configuredTtl != ttlSeconds) {
                throw new IllegalStateException(
                        "JmDNS already configured for this JVM with mdnsPort="
                                + configuredPort
                                + " ttl="
                                + configuredTtl
                                + "; cannot switch to mdnsPort="
                                + mdnsPort
                                + " ttl="
                                + ttlSeconds);
            }
            return;
        }
        // Properties first: the next line is the first reference that loads DNSConstants.
        System.setProperty("net.mdns.port", Integer.toString(mdnsPort));
        System.setProperty("net.dns.ttl", Integer.toString(ttlSeconds));
        if (DNSConstants.MDNS_PORT != mdnsPort || DNSConstants.DNS_TTL != ttlSeconds) {
            throw new IllegalStateException(
                    "javax.jmdns was loaded before MdnsRuntime.configure: port="
                            + DNSConstants.MDNS_PORT
                            + " ttl="
                            + DNSConstants.DNS_TTL);
        }
        DNSTaskStarter.Factory.setClassDelegate(FastTaskStarter::new);
        configuredPort = mdnsPort;
        configuredTtl = ttlSeconds;
    }

    /** The configured mDNS port, or -1 before {@link #configure}. */
    public static synchronized int port() {
        return configuredPort == null ? -1 : configuredPort;
    }
}
