package dev.tft.discovery;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * Everything discovery needs from the daemon. Immutable, validated.
 *
 * @param self our peer id (published in TXT {@code id}, filtered from the table)
 * @param fingerprint our device key's fingerprint, published in TXT {@code fp}: 64 lowercase hex
 *     digits, and {@code self} must be {@linkplain PeerId#fromFingerprint derived} from it (peers
 *     would ignore it otherwise)
 * @param name our display name and DNS-SD instance name (default: the short host name); cleaned and
 *     cut to {@link Peer#MAX_NAME} code points
 * @param transferPort the TCP port we receive transfers on (SRV port), 1..65535
 * @param version protocol version published in TXT {@code version}, 1..16 chars
 * @param os operating system label for TXT {@code os}
 * @param loopbackOnly bind a single node to 127.0.0.1 only (tests, CI); no real interface is used
 * @param mdnsPort UDP port for mDNS (5353; another port isolates tests). JVM-wide, see {@link
 *     dev.tft.discovery.mdns.MdnsRuntime}
 * @param interfaces interface names to use; empty = every usable multicast interface
 * @param staticPeers configured {@code host[:port]} peers
 * @param clock time source for first/last seen and expiry
 */
public record DiscoveryConfig(
        PeerId self,
        String fingerprint,
        String name,
        int transferPort,
        String version,
        String os,
        boolean loopbackOnly,
        int mdnsPort,
        List<String> interfaces,
        List<StaticPeer> staticPeers,
        Clock clock) {

    /** The standard mDNS port. */
    public static final int MDNS_PORT = 5353;

    public DiscoveryConfig {
        Objects.requireNonNull(self, "self");
        if (!PeerId.isFingerprint(fingerprint)) {
            throw new IllegalArgumentException(
                    "fingerprint must be 64 lowercase hex digits: " + SafeText.forLog(fingerprint));
        }
        if (!self.matchesFingerprint(fingerprint)) {
            throw new IllegalArgumentException(
                    "id " + self + " is not derived from fingerprint " + fingerprint);
        }
        name = SafeText.clean(Objects.requireNonNull(name, "name").strip(), Peer.MAX_NAME);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("name is empty");
        }
        checkPort("transferPort", transferPort);
        Objects.requireNonNull(version, "version");
        if (version.isEmpty() || version.length() > 16) {
            throw new IllegalArgumentException("version must be 1..16 chars: " + version);
        }
        os = SafeText.clean(Objects.requireNonNull(os, "os"), Peer.MAX_SHORT);
        checkPort("mdnsPort", mdnsPort);
        interfaces = List.copyOf(interfaces);
        staticPeers = List.copyOf(staticPeers);
        Objects.requireNonNull(clock, "clock");
    }

    /**
     * The default display name: the short host name (up to the first dot), read from the kernel or
     * environment first because {@code InetAddress.getLocalHost()} may do a slow reverse lookup
     * (jmdns#68). Falls back to "tft" if nothing works. Never null.
     */
    public static String defaultName() {
        String host = System.getenv("HOSTNAME");
        for (String file : new String[] {"/proc/sys/kernel/hostname", "/etc/hostname"}) {
            if (host == null || host.isBlank()) {
                try {
                    host = java.nio.file.Files.readString(java.nio.file.Path.of(file)).strip();
                } catch (java.io.IOException | RuntimeException e) {
                    host = null;
                }
            }
        }
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "tft";
            }
        }
        int dot = host.indexOf('.');
        String shortName = SafeText.clean(dot > 0 ? host.substring(0, dot) : host, Peer.MAX_NAME);
        return shortName.isBlank() ? "tft" : shortName;
    }

    /** The default TXT {@code os}: "linux", "macos", "windows" or the lower-cased os.name. */
    public static String defaultOs() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(java.util.Locale.ROOT);
        if (os.startsWith("mac")) {
            return "macos";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return os.replace(' ', '-');
    }

    private static void checkPort(String what, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(what + " out of range: " + port);
        }
    }
}
