package dev.tft.daemon;

import dev.tft.transfer.tls.IdentityException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tft daemon}: parses flags, loads the configuration, runs {@link Daemon} in the foreground
 * until SIGTERM, SIGINT or SIGHUP, then stops it and exits 0. The only class that calls {@link
 * System#exit}; every failure becomes one line on stderr and an {@link ExitStatus}.
 */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        configureLogging(System.getenv());
        System.exit(run(args, System.getenv(), System.out, System.err).code);
    }

    static ExitStatus run(
            String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        DaemonConfig config;
        try {
            DaemonArgs parsed = DaemonArgs.parse(args);
            if (parsed.help()) {
                out.println(DaemonArgs.USAGE);
                return ExitStatus.OK;
            }
            if (parsed.version()) {
                out.println("tft " + version());
                return ExitStatus.OK;
            }
            config = new ConfigLoader(env, Main::shortHostName).load(parsed);
        } catch (ConfigException e) {
            err.println("tft daemon: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        Daemon daemon;
        try {
            daemon = Daemon.start(config, version(), Clock.systemUTC());
        } catch (ControlSocket.AlreadyRunningException e) {
            err.println("tft daemon: " + e.getMessage());
            return ExitStatus.ALREADY_RUNNING;
        } catch (IdentityException e) {
            err.println("tft daemon: " + e.getMessage());
            return ExitStatus.BAD_IDENTITY;
        } catch (IOException e) {
            err.println("tft daemon: cannot start: " + e.getMessage());
            return ExitStatus.OS_ERROR;
        }
        CountDownLatch stop = new CountDownLatch(1);
        for (String sig : new String[] {"TERM", "INT", "HUP"}) {
            onSignal(sig, stop::countDown, log);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(daemon::close, "tft-shutdown"));
        log.info(
                "tft daemon ready: name={} id={} fingerprint={} port={} socket={} inbox={}",
                Log.safe(config.name()),
                daemon.id().value(),
                daemon.fingerprint(),
                daemon.port(),
                config.socket(),
                config.inbox());
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("stopping");
        daemon.close();
        log.info("stopped");
        return ExitStatus.OK;
    }

    /**
     * Chooses the log line format before logback starts: under systemd (JOURNAL_STREAM set)
     * journald stamps each line, so ours carry no timestamp.
     */
    private static void configureLogging(Map<String, String> env) {
        if (env.containsKey("JOURNAL_STREAM") && System.getProperty("tft.log.pattern") == null) {
            System.setProperty("tft.log.pattern", "%-5level %logger{0}: %msg%n");
        }
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("/tft-daemon-version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * The short host name, without a reverse DNS lookup (which can hang for seconds on a LAN
     * without DNS).
     */
    static String shortHostName() {
        String name = null;
        try {
            name =
                    Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8)
                            .trim();
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        if (name == null || name.isEmpty()) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isEmpty()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                name = "tft";
            }
        }
        int dot = name.indexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    /**
     * Runs {@code action} on signal {@code name} instead of the JVM's default (exit 128+n), so a
     * stop is a clean exit 0. {@code sun.misc.Signal} is reached by reflection: it is the only way
     * to handle signals in Java 17, and a compile-time reference is a warning no option silences
     * (the build treats warnings as errors). An unknown signal or a JVM without it is skipped.
     */
    private static void onSignal(String name, Runnable action, Logger log) {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object h =
                    Proxy.newProxyInstance(
                            handler.getClassLoader(),
                            new Class<?>[] {handler},
                            (proxy, method, args) -> {
                                switch (method.getName()) {
                                    case "handle":
                                        action.run();
                                        return null;
                                    case "hashCode":
                                        return System.identityHashCode(proxy);
                                    case "equals":
                                        return proxy == args[0];
                                    default:
                                        return "tft signal handler";
                                }
                            });
            Object sig = signal.getConstructor(String.class).newInstance(name);
            signal.getMethod("handle", signal, handler).invoke(null, sig, h);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("signal {} not available here: {}", name, e.toString());
        }
    }
}
