package dev.tft.discovery;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A configured peer for networks that block multicast: a host name or IP literal and a transfer
 * port. Immutable, validated.
 *
 * @param host DNS name or IP literal (IPv6 without brackets), lower-cased, 1..253 chars
 * @param port transfer port, 1..65535
 */
public record StaticPeer(String host, int port) {

    private static final Pattern HOST = Pattern.compile("[a-z0-9.:%_-]{1,253}");

    public StaticPeer {
        Objects.requireNonNull(host, "host");
        host = host.toLowerCase(Locale.ROOT);
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("invalid host: " + SafeText.forLog(host));
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code host}, {@code host:port}, an IPv4 literal, {@code [v6]}, {@code [v6]:port} or a
     * bare IPv6 literal (which then takes the default port).
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static StaticPeer parse(String hostPort, int defaultPort) {
        Objects.requireNonNull(hostPort, "hostPort");
        String text = hostPort.strip();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' in " + SafeText.forLog(text));
            }
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                throw new IllegalArgumentException("junk after ']' in " + SafeText.forLog(text));
            }
            return new StaticPeer(
                    text.substring(1, close), rest.isEmpty() ? defaultPort : port(rest));
        }
        int colon = text.indexOf(':');
        if (colon < 0 || colon != text.lastIndexOf(':')) {
            return new StaticPeer(text, defaultPort); // no port, or a bare IPv6 literal
        }
        return new StaticPeer(text.substring(0, colon), port(text.substring(colon)));
    }

    private static int port(String colonPort) {
        try {
            return Integer.parseInt(colonPort.substring(1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port: " + SafeText.forLog(colonPort), e);
        }
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
