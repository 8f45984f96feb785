package dev.tft.daemon;

import dev.tft.transfer.ReceiverLimits;
import dev.tft.transfer.tls.IdentityException;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds loopback-only daemon configurations in a temp dir: port 0, private socket, a test mDNS
 * port.
 */
final class TestDaemons {
    /** One mDNS port per test JVM: JmDNS reads it once per JVM. */
    static final int MDNS_PORT = 20000 + ThreadLocalRandom.current().nextInt(20000);

    private TestDaemons() {}

    /** A loopback-only daemon that stores every push: tests state their policy explicitly. */
    static DaemonConfig config(Path dir, String name) {
        return config(dir, name, AcceptPolicy.ANYONE);
    }

    static DaemonConfig config(Path dir, String name, AcceptPolicy accept) {
        return new DaemonConfig(
                name,
                0,
                null,
                dir.resolve(name + "/inbox"),
                dir.resolve(name + "/run/tft.sock"),
                dir.resolve(name + "/state"),
                true,
                MDNS_PORT,
                List.of(),
                List.of(),
                ReceiverLimits.defaults(),
                accept,
                false,
                DaemonConfig.DEFAULT_PENDING_TIMEOUT);
    }

    static Daemon start(DaemonConfig config)
            throws IOException, ControlSocket.AlreadyRunningException {
        try {
            return Daemon.start(config, "test", Clock.systemUTC());
        } catch (IdentityException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
