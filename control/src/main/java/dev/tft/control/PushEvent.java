package dev.tft.control;

import java.util.List;
import java.util.Objects;

/**
 * One line of a push's event stream. A stream is {@link Accepted}, possibly {@link Waiting}, then
 * per file {@link FileStarted}, {@link Progress}* and {@link Stored}, and ends with exactly one of
 * {@link Done} or {@link Failed} (a push refused up front is a lone {@link Failed}).
 */
public sealed interface PushEvent
        permits PushEvent.Accepted,
                PushEvent.Waiting,
                PushEvent.FileStarted,
                PushEvent.Progress,
                PushEvent.Stored,
                PushEvent.Done,
                PushEvent.Failed {

    /** The wire name of this event (the {@code "event"} field). */
    String event();

    /** True for {@link Done} and {@link Failed}, the events that end a stream. */
    default boolean terminal() {
        return false;
    }

    /**
     * The daemon accepted the push and resolved the peer.
     *
     * @param push the push id (for {@code cancel})
     * @param peerName the resolved peer's name
     * @param peerId the resolved peer's id (empty for a raw push)
     * @param address the {@code host:port} connected to
     * @param files number of files to send, >= 0
     * @param bytes total bytes to send, >= 0
     */
    record Accepted(
            String push, String peerName, String peerId, String address, int files, long bytes)
            implements PushEvent {
        /** Validates. */
        public Accepted {
            Objects.requireNonNull(push, "push");
            Objects.requireNonNull(peerName, "peerName");
            Objects.requireNonNull(peerId, "peerId");
            Objects.requireNonNull(address, "address");
            Checks.nonNegative(files, "files");
            Checks.nonNegative(bytes, "bytes");
        }

        @Override
        public String event() {
            return "accepted";
        }
    }

    /**
     * The receiver holds the push until its owner accepts or rejects it (its policy is {@code ask}
     * and this daemon's key is not in its trust store). Sent after {@link Accepted} and before the
     * first {@link FileStarted}; the stream goes on with {@link FileStarted} once the owner
     * accepts, or ends with {@link Failed} ({@code rejected}) if the owner rejects it or does not
     * answer within {@code timeoutSeconds}.
     *
     * @param peer the receiver's name (peer-controlled: escape it before printing)
     * @param timeoutSeconds how long the receiver waits for its owner, >= 0
     */
    record Waiting(String peer, long timeoutSeconds) implements PushEvent {
        /** Validates. */
        public Waiting {
            Objects.requireNonNull(peer, "peer");
            Checks.nonNegative(timeoutSeconds, "timeoutSeconds");
        }

        @Override
        public String event() {
            return "waiting";
        }
    }

    /**
     * A file starts; {@code offset > 0} when resuming.
     *
     * @param name relative name as sent
     * @param size bytes, >= 0
     * @param offset resume offset, 0..size
     */
    record FileStarted(String name, long size, long offset) implements PushEvent {
        /** Validates. */
        public FileStarted {
            Objects.requireNonNull(name, "name");
            Checks.nonNegative(size, "size");
            Checks.nonNegative(offset, "offset");
            if (offset > size) {
                throw new IllegalArgumentException("offset " + offset + " > size " + size);
            }
        }

        @Override
        public String event() {
            return "file";
        }
    }

    /**
     * Progress, at most about ten per second.
     *
     * @param bytes bytes of the whole push done, >= 0
     * @param total bytes of the whole push, >= 0
     * @param fileBytes bytes of the current file done, >= 0
     * @param fileSize size of the current file, >= 0
     * @param rate current rate in bytes per second, finite and >= 0
     */
    record Progress(long bytes, long total, long fileBytes, long fileSize, double rate)
            implements PushEvent {
        /** Validates. */
        public Progress {
            Checks.nonNegative(bytes, "bytes");
            Checks.nonNegative(total, "total");
            Checks.nonNegative(fileBytes, "fileBytes");
            Checks.nonNegative(fileSize, "fileSize");
            Checks.nonNegative(rate, "rate");
        }

        @Override
        public String event() {
            return "progress";
        }
    }

    /**
     * The receiver verified and stored a file.
     *
     * @param name the name as sent
     * @param stored the name stored under
     * @param size bytes, >= 0
     */
    record Stored(String name, String stored, long size) implements PushEvent {
        /** Validates. */
        public Stored {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(stored, "stored");
            Checks.nonNegative(size, "size");
        }

        @Override
        public String event() {
            return "stored";
        }
    }

    /**
     * Every file was verified and stored; ends the stream.
     *
     * @param stored every stored file, in order
     * @param bytes bytes sent, >= 0
     * @param seconds wall time, finite and >= 0
     */
    record Done(List<StoredView> stored, long bytes, double seconds) implements PushEvent {
        /** Validates and copies. */
        public Done {
            stored = List.copyOf(Objects.requireNonNull(stored, "stored"));
            Checks.nonNegative(bytes, "bytes");
            Checks.nonNegative(seconds, "seconds");
        }

        @Override
        public String event() {
            return "done";
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /**
     * The push failed or was refused; ends the stream. Wire name {@code error}.
     *
     * @param error what went wrong
     */
    record Failed(ControlError error) implements PushEvent {
        /** Validates. */
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String event() {
            return "error";
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }
}
