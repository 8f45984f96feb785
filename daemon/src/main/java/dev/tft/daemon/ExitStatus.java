package dev.tft.daemon;

/**
 * Exit statuses of {@code tft daemon}, the daemon-side shell boundary (sysexits values). Service
 * files refer to these: systemd's {@code SuccessExitStatus=143} covers a JVM stopped by SIGTERM
 * before our hook ran; every other value here is a failure the supervisor may restart on.
 */
enum ExitStatus {
    /** Clean stop. */
    OK(0),
    /** A bad flag, environment variable or config key; the message names it. */
    USAGE(64),
    /**
     * An OS-level failure at start: cannot bind the port, create the socket directory, read the
     * state.
     */
    OS_ERROR(71),
    /**
     * The device identity in the state dir is corrupt, unreadable or too open; tft never replaces
     * it on its own (that would change this device's peer id). The message says what to do.
     */
    BAD_IDENTITY(78),
    /** Another daemon of this user already owns the control socket. */
    ALREADY_RUNNING(75),
    /** A bug: logged with its stack trace. */
    SOFTWARE(70);

    final int code;

    ExitStatus(int code) {
        this.code = code;
    }
}
