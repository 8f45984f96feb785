package dev.tft.control;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Thrown by {@link ControlClient#connect(Path)} when no daemon can be reached on the control
 * socket. Callers turn this into "the daemon is not running: start it with ..." (or, for {@link
 * Reason#PERMISSION_DENIED}, a permission message).
 */
public final class DaemonUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why the daemon could not be reached. */
    public enum Reason {
        /** Nothing exists at the socket path. */
        NO_SOCKET,
        /**
         * The path exists but nobody accepts connections on it (a stale socket, or not a socket).
         */
        NOT_LISTENING,
        /** The socket (or its directory) is not accessible to this user. */
        PERMISSION_DENIED
    }

    private final transient Path socket;
    private final Reason reason;

    /** Creates the exception; {@code cause} may be null. */
    public DaemonUnavailableException(Path socket, Reason reason, Throwable cause) {
        super(
                Objects.requireNonNull(reason, "reason")
                        + " at "
                        + Objects.requireNonNull(socket, "socket"),
                cause);
        this.socket = socket;
        this.reason = reason;
    }

    /** The socket path that was tried. */
    public Path socket() {
        return socket;
    }

    /** Why it failed. */
    public Reason reason() {
        return reason;
    }
}
