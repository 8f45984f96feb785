package dev.tft.cli;

import dev.tft.control.ControlClient;
import dev.tft.control.ControlException;
import dev.tft.control.ControlReply;
import dev.tft.control.ControlRequest;
import dev.tft.control.Escape;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/** One request, one reply: the shared path of {@code peers} and {@code status}. */
final class DaemonCall {
    private DaemonCall() {}

    /**
     * Sends {@code request} and returns the successful reply, giving up after {@code timeout}.
     *
     * @throws CliException for an unreachable daemon, an error reply (mapped by {@link
     *     ExitCode#forError}), or a garbled or missing reply ({@link ExitCode#PROTOCOL})
     */
    static ControlReply call(Tft.Connector connector, ControlRequest request, Duration timeout)
            throws CliException {
        Watchdog watchdog = null;
        try (ControlClient client = connector.connect()) {
            watchdog = new Watchdog(client, timeout);
            ControlReply reply = client.call(request);
            if (reply instanceof ControlReply.Failure) {
                throw CliException.fromDaemon(((ControlReply.Failure) reply).error());
            }
            return reply;
        } catch (ControlException e) {
            throw garbled(e);
        } catch (EOFException e) {
            throw new CliException(
                    ExitCode.PROTOCOL,
                    "the daemon closed the connection without"
                            + " replying: check its log (`journalctl --user -u tft`) and retry");
        } catch (IOException e) {
            if (watchdog != null && watchdog.fired()) {
                throw new CliException(
                        ExitCode.UNAVAILABLE,
                        "the tft daemon did not answer within "
                                + timeout.toSeconds()
                                + " s: check its log (`journalctl --user -u tft`) and restart it"
                                + " (`systemctl --user restart tft`)");
            }
            throw lost(e);
        } finally {
            if (watchdog != null) {
                watchdog.close();
            }
        }
    }

    static CliException garbled(ControlException e) {
        return new CliException(
                ExitCode.PROTOCOL,
                "garbled reply from the daemon ("
                        + Escape.forTerminal(e.getMessage(), 120)
                        + "): the tft CLI and daemon may be different"
                        + " versions; restart the daemon after upgrading");
    }

    static CliException lost(IOException e) {
        return new CliException(
                ExitCode.IOERR,
                "lost the connection to the daemon ("
                        + Escape.forTerminal(String.valueOf(e.getMessage()), 120)
                        + "): check that it is still"
                        + " running (`tft status`) and retry");
    }

    /** For a successful reply of the wrong kind. */
    static CliException unexpected(ControlReply reply) {
        return new CliException(
                ExitCode.PROTOCOL,
                "unexpected reply from the daemon ("
                        + reply.getClass().getSimpleName()
                        + "): the tft CLI and daemon may be different versions");
    }
}
