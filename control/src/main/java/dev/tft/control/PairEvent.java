package dev.tft.control;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.Objects;

/**
 * One line of a pairing's event stream: {@link Waiting} (connecting to, or waiting for, the other
 * side), then {@link Code} (the client answers with a {@code confirm} request), then exactly one of
 * {@link Paired} or {@link Failed}. Peer text is peer-controlled: escape before display.
 */
public sealed interface PairEvent
        permits PairEvent.Waiting, PairEvent.Code, PairEvent.Paired, PairEvent.Failed {

    /** True for the events that end a stream. */
    default boolean terminal() {
        return false;
    }

    /**
     * {@code {"event":"pairing","peer":"bravo","role":"initiator"}}: waiting for the other side's
     * owner to run {@code tft pair} too; {@code role} is {@code initiator} (this daemon connects)
     * or {@code responder} (it waits for the other's connection).
     */
    record Waiting(String peer, String role) implements PairEvent {
        public Waiting {
            Objects.requireNonNull(peer, "peer");
            if (!role.equals("initiator") && !role.equals("responder")) {
                throw new IllegalArgumentException("role must be initiator or responder");
            }
        }
    }

    /**
     * {@code {"event":"code","code":"123456","peer":..,"id":..,"fingerprint":..}}: the code both
     * screens must show; {@code id}/{@code fingerprint} are the other side's key as proved in TLS.
     */
    record Code(String code, String peer, String id, String fingerprint) implements PairEvent {
        public Code {
            if (code == null || !code.matches("[0-9]{6}")) {
                throw new IllegalArgumentException("code must be 6 digits");
            }
            Objects.requireNonNull(peer, "peer");
            Checks.notBlank(id, "id");
            Checks.fingerprint(fingerprint, "fingerprint");
        }
    }

    /** {@code {"event":"paired",...}}: both owners confirmed; each side now trusts the other. */
    record Paired(String peer, String id, String fingerprint) implements PairEvent {
        public Paired {
            Objects.requireNonNull(peer, "peer");
            Checks.notBlank(id, "id");
            Checks.fingerprint(fingerprint, "fingerprint");
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /** {@code {"event":"error","ok":false,"error":{...}}}: nothing was trusted. */
    record Failed(ControlError error) implements PairEvent {
        public Failed {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /** Writes {@code e} as one JSON object. */
    static void write(JsonGenerator g, PairEvent e) throws IOException {
        g.writeStartObject();
        if (e instanceof Waiting w) {
            g.writeStringField("event", "pairing");
            g.writeStringField("peer", w.peer());
            g.writeStringField("role", w.role());
        } else if (e instanceof Code c) {
            g.writeStringField("event", "code");
            g.writeStringField("code", c.code());
            g.writeStringField("peer", c.peer());
            g.writeStringField("id", c.id());
            g.writeStringField("fingerprint", c.fingerprint());
        } else if (e instanceof Paired p) {
            g.writeStringField("event", "paired");
            g.writeStringField("peer", p.peer());
            g.writeStringField("id", p.id());
            g.writeStringField("fingerprint", p.fingerprint());
        } else {
            g.writeStringField("event", "error");
            g.writeBooleanField("ok", false);
            g.writeFieldName("error");
            Views.writeError(g, ((Failed) e).error());
        }
        g.writeEndObject();
    }

    /** Reads one event; an error reply without {@code "event"} is a {@link Failed}. */
    static PairEvent read(JsonObject o) throws ControlException {
        if (!o.has("event") && o.has("ok") && !o.bool("ok")) {
            return new Failed(Views.readError(o.object("error")));
        }
        String type = o.string("event");
        switch (type) {
            case "pairing":
                return new Waiting(o.string("peer"), o.string("role"));
            case "code":
                return new Code(
                        o.string("code"),
                        o.string("peer"),
                        o.string("id"),
                        o.string("fingerprint"));
            case "paired":
                return new Paired(o.string("peer"), o.string("id"), o.string("fingerprint"));
            case "error":
                return new Failed(Views.readError(o.object("error")));
            default:
                throw Json.bad("unknown pairing event \"" + type + "\"");
        }
    }
}
