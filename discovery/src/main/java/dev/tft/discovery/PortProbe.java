package dev.tft.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Liveness check of a peer's transfer port. The default opens a TCP connection and closes it
 * without sending a byte; the transfer receiver treats such a connection as a silent probe.
 * Implementations are called on the discovery probe threads, may block up to {@code timeout}, and
 * must be thread-safe. A test double may be injected for fault injection.
 */
@FunctionalInterface
interface PortProbe {

    /** True if something accepted a TCP connection at {@code address} within {@code timeout}. */
    boolean reachable(InetSocketAddress address, Duration timeout);

    /** Plain TCP connect-then-close. */
    PortProbe TCP =
            (address, timeout) -> {
                try (Socket socket = new Socket()) {
                    socket.connect(address, (int) timeout.toMillis());
                    return true;
                } catch (IOException e) {
                    return false;
                }
            };
}
