package dev.tft.control;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Where the control socket lives, computed the same way by daemon and CLI:
 *
 * <ol>
 *   <li>{@code $TFT_SOCKET} if set and non-empty;
 *   <li>else {@code $XDG_RUNTIME_DIR/tft/tft.sock} if {@code XDG_RUNTIME_DIR} is set to an absolute
 *       path (the XDG spec says to ignore a relative one);
 *   <li>else on macOS {@code $TMPDIR/tft-<user>/tft.sock} (TMPDIR is per-user there), elsewhere
 *       {@code /tmp/tft-<user>/tft.sock}.
 * </ol>
 *
 * The daemon creates the parent directory 0700; that directory is the real access control. Pure
 * functions of their arguments; thread-safe.
 */
public final class ControlPaths {
    /** Environment variable that overrides the socket path. */
    public static final String TFT_SOCKET = "TFT_SOCKET";

    private ControlPaths() {}

    /** The socket path for this process's OS and user, with {@code env} injected. */
    public static Path socketPath(Map<String, String> env) {
        return socketPath(
                env, System.getProperty("os.name", ""), System.getProperty("user.name", ""));
    }

    /**
     * The socket path for the given environment, OS name (as in {@code os.name}) and user name. A
     * user name with characters outside {@code [A-Za-z0-9._-]} is replaced by {@code user} so it
     * cannot escape the directory name.
     */
    public static Path socketPath(Map<String, String> env, String osName, String userName) {
        Objects.requireNonNull(env, "env");
        String override = env.get(TFT_SOCKET);
        if (override != null && !override.isEmpty()) {
            return Path.of(override);
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        if (runtime != null && runtime.startsWith("/")) {
            return Path.of(runtime, "tft", "tft.sock");
        }
        String dir = "tft-" + safeUser(userName);
        String tmp = env.get("TMPDIR");
        boolean mac = osName.toLowerCase(Locale.ROOT).startsWith("mac");
        if (mac && tmp != null && tmp.startsWith("/")) {
            return Path.of(tmp, dir, "tft.sock");
        }
        return Path.of("/tmp", dir, "tft.sock");
    }

    private static String safeUser(String user) {
        if (user == null || user.isEmpty() || user.startsWith(".")) {
            return "user";
        }
        // A loop, not a regex: this runs on every CLI start and regex class loading costs time.
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || (c >= '0' && c <= '9')
                            || c == '.'
                            || c == '_'
                            || c == '-';
            if (!ok) {
                return "user";
            }
        }
        return user;
    }
}
