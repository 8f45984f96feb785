package dev.tft.daemon;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import dev.tft.control.ControlPaths;
import dev.tft.transfer.ReceiverLimits;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Builds a {@link DaemonConfig} from four layers, each overriding the one before: built-in
 * defaults, the config file ({@code ${XDG_CONFIG_HOME:-~/.config}/tft/config.json} or {@code
 * --config}), the environment ({@code TFT_NAME}, {@code TFT_PORT}, {@code TFT_INBOX}, {@code
 * TFT_LOOPBACK_ONLY}, {@code TFT_MDNS_PORT}; {@code TFT_SOCKET} through {@link ControlPaths}), then
 * flags. Pure apart from reading the config file: environment and host name are injected. Every
 * failure is a {@link ConfigException} whose message names the offending key.
 */
final class ConfigLoader {
    private static final ObjectMapper MAPPER =
            new ObjectMapper()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private final Map<String, String> env;
    private final Supplier<String> hostName;

    ConfigLoader(Map<String, String> env, Supplier<String> hostName) {
        this.env = Map.copyOf(env);
        this.hostName = hostName;
    }

    DaemonConfig load(DaemonArgs args) throws ConfigException {
        Path home = Path.of(env.getOrDefault("HOME", System.getProperty("user.home")));
        Path configFile =
                args.config()
                        .map(s -> expand(s, home))
                        .orElseGet(
                                () ->
                                        xdg("XDG_CONFIG_HOME", home.resolve(".config"))
                                                .resolve("tft/config.json"));
        ConfigFile file = readFile(configFile);
        ConfigFile.Limits fl =
                file.limits() != null
                        ? file.limits()
                        : new ConfigFile.Limits(null, null, null, null, null, null, null);

        String name = pick(args.name(), env("TFT_NAME"), file.name()).orElseGet(hostName);
        int port =
                intValue(
                        "port",
                        pick(args.port(), env("TFT_PORT"), str(file.port())),
                        DaemonConfig.DEFAULT_PORT,
                        0,
                        65535);
        InetAddress bind = bindAddress(pick(args.bind(), Optional.empty(), file.bind()));
        Path inbox =
                pick(args.inbox(), env("TFT_INBOX"), file.inbox())
                        .map(s -> expand(s, home))
                        .orElseGet(() -> defaultInbox(home));
        Path socket =
                args.socket()
                        .map(s -> expand(s, home))
                        .orElseGet(() -> ControlPaths.socketPath(env));
        Path stateDir =
                args.stateDir()
                        .map(s -> expand(s, home))
                        .orElseGet(
                                () ->
                                        xdg("XDG_STATE_HOME", home.resolve(".local/state"))
                                                .resolve("tft"));
        boolean loopbackOnly =
                args.loopbackOnly()
                        || truthy("TFT_LOOPBACK_ONLY")
                        || Boolean.TRUE.equals(file.loopbackOnly());
        int mdnsPort =
                intValue(
                        "mdnsPort",
                        pick(args.mdnsPort(), env("TFT_MDNS_PORT"), str(file.mdnsPort())),
                        DaemonConfig.DEFAULT_MDNS_PORT,
                        1,
                        65535);
        List<String> staticPeers = new ArrayList<>(orEmpty(file.staticPeers()));
        staticPeers.addAll(args.staticPeers());
        List<String> interfaces =
                !args.interfaces().isEmpty() ? args.interfaces() : orEmpty(file.interfaces());

        validateName(name);
        AcceptPolicy accept;
        try {
            accept =
                    AcceptPolicy.parse(
                            pick(args.accept(), env("TFT_ACCEPT"), file.accept()).orElse("ask"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(
                    e.getMessage()
                            + " (set it with --accept, TFT_ACCEPT or \"accept\" in config.json)");
        }
        boolean notify =
                !args.noNotify()
                        && !"0".equals(env.get("TFT_NOTIFY"))
                        && !Boolean.FALSE.equals(file.notifications());
        int pendingSeconds =
                intValue(
                        "pendingTimeoutSeconds",
                        Optional.ofNullable(str(file.pendingTimeoutSeconds())),
                        (int) DaemonConfig.DEFAULT_PENDING_TIMEOUT.toSeconds(),
                        1,
                        86_400);
        try {
            return new DaemonConfig(
                    name,
                    port,
                    bind,
                    inbox.toAbsolutePath().normalize(),
                    socket.toAbsolutePath().normalize(),
                    stateDir.toAbsolutePath().normalize(),
                    loopbackOnly,
                    mdnsPort,
                    staticPeers,
                    interfaces,
                    limits(fl),
                    accept,
                    notify,
                    Duration.ofSeconds(pendingSeconds));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid configuration: " + e.getMessage(), e);
        }
    }

    /**
     * A missing file, even one named by {@code --config}, means defaults: a fresh machine has none.
     */
    private ConfigFile readFile(Path path) throws ConfigException {
        try {
            return MAPPER.readValue(Files.readAllBytes(path), ConfigFile.class);
        } catch (NoSuchFileException e) {
            return ConfigFile.EMPTY;
        } catch (UnrecognizedPropertyException e) {
            throw new ConfigException(
                    path
                            + ": unknown key '"
                            + e.getPropertyName()
                            + "' (known keys: "
                            + e.getKnownPropertyIds()
                            + ")",
                    e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    path + ": " + e.getOriginalMessage() + " at " + location(e), e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + path + ": " + e.getMessage(), e);
        }
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null
                ? "?"
                : "line "
                        + e.getLocation().getLineNr()
                        + ", column "
                        + e.getLocation().getColumnNr();
    }

    private static ReceiverLimits limits(ConfigFile.Limits l) throws ConfigException {
        ReceiverLimits d = ReceiverLimits.defaults();
        try {
            return new ReceiverLimits(
                    l.headerDeadlineSeconds() == null
                            ? d.headerDeadline()
                            : Duration.ofSeconds(
                                    positive(
                                            "limits.headerDeadlineSeconds",
                                            l.headerDeadlineSeconds())),
                    l.idleTimeoutSeconds() == null
                            ? d.idleTimeout()
                            : Duration.ofSeconds(
                                    positive("limits.idleTimeoutSeconds", l.idleTimeoutSeconds())),
                    l.maxConnections() == null
                            ? d.maxConnections()
                            : (int) positive("limits.maxConnections", l.maxConnections()),
                    l.maxConnectionsPerAddress() == null
                            ? d.maxConnectionsPerAddress()
                            : (int)
                                    positive(
                                            "limits.maxConnectionsPerAddress",
                                            l.maxConnectionsPerAddress()),
                    l.maxTransfers() == null
                            ? d.maxTransfers()
                            : (int) positive("limits.maxTransfers", l.maxTransfers()),
                    l.maxFileSizeBytes() == null
                            ? d.maxFileSize()
                            : positive("limits.maxFileSizeBytes", l.maxFileSizeBytes()),
                    l.freeSpaceReserveBytes() == null
                            ? d.freeSpaceReserve()
                            : nonNegative(
                                    "limits.freeSpaceReserveBytes", l.freeSpaceReserveBytes()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid limits: " + e.getMessage(), e);
        }
    }

    private static long positive(String key, long value) throws ConfigException {
        if (value <= 0) {
            throw new ConfigException(key + " must be positive, got " + value);
        }
        return value;
    }

    private static long nonNegative(String key, long value) throws ConfigException {
        if (value < 0) {
            throw new ConfigException(key + " must not be negative, got " + value);
        }
        return value;
    }

    private static void validateName(String name) throws ConfigException {
        int bytes = name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (name.isBlank()
                || bytes > 63
                || name.codePoints().anyMatch(Character::isISOControl)
                || name.contains(".")) {
            throw new ConfigException(
                    "name '"
                            + name
                            + "' is invalid: use 1..63 bytes, no dots or control"
                            + " characters (set it with --name, TFT_NAME or \"name\" in config.json)");
        }
    }

    private static InetAddress bindAddress(Optional<String> value) throws ConfigException {
        if (value.isEmpty() || value.get().isBlank()) {
            return null;
        }
        String v = value.get().trim();
        if (!v.matches("[0-9a-fA-F:.%\\w-]+") || !(v.contains(".") || v.contains(":"))) {
            throw new ConfigException("bind '" + v + "' is not an IP address literal");
        }
        try {
            return InetAddress.getByName(v);
        } catch (UnknownHostException e) {
            throw new ConfigException("bind '" + v + "' is not an IP address literal", e);
        }
    }

    private static int intValue(String key, Optional<String> value, int dflt, int min, int max)
            throws ConfigException {
        if (value.isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(value.get().trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new ConfigException(
                    key + " '" + value.get() + "' must be a number in " + min + ".." + max);
        }
    }

    private static Optional<String> pick(
            Optional<String> flag, Optional<String> envValue, String file) {
        if (flag.isPresent()) {
            return flag;
        }
        if (envValue.isPresent()) {
            return envValue;
        }
        return Optional.ofNullable(file);
    }

    private Optional<String> env(String key) {
        String v = env.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private boolean truthy(String key) {
        return env(key).map(
                        v ->
                                v.equals("1")
                                        || v.equalsIgnoreCase("true")
                                        || v.equalsIgnoreCase("yes"))
                .orElse(false);
    }

    private Path xdg(String key, Path fallback) {
        return env(key).map(Path::of).filter(Path::isAbsolute).orElse(fallback);
    }

    private Path defaultInbox(Path home) {
        return xdg("XDG_DOWNLOAD_DIR", home.resolve("Downloads")).resolve("tft");
    }

    private static Path expand(String value, Path home) {
        if (value.equals("~")) {
            return home;
        }
        if (value.startsWith("~/")) {
            return home.resolve(value.substring(2));
        }
        return Path.of(value);
    }

    private static String str(Integer v) {
        return v == null ? null : v.toString();
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
