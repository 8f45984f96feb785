package dev.tft.control;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** JSON form of the view records and of {@link ControlError}; field order is the wire order. */
final class Views {
    private Views() {}

    static void writeError(JsonGenerator g, ControlError e) throws IOException {
        g.writeStartObject();
        g.writeStringField("code", e.code().wireName());
        g.writeStringField("message", e.message());
        if (!e.candidates().isEmpty()) {
            writeStrings(g, "candidates", e.candidates());
        }
        g.writeEndObject();
    }

    /** Reads an error; an unknown code (from a newer daemon) is kept as {@code internal}. */
    static ControlError readError(JsonObject o) throws ControlException {
        ControlError.Code code;
        try {
            code = ControlError.Code.fromWire(o.string("code"));
        } catch (IllegalArgumentException e) {
            code = ControlError.Code.INTERNAL;
        }
        List<String> candidates = o.has("candidates") ? o.strings("candidates") : List.of();
        return new ControlError(code, o.string("message"), candidates);
    }

    static void writePeer(JsonGenerator g, PeerView p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name());
        g.writeStringField("id", p.id());
        g.writeStringField("fingerprint", p.fingerprint());
        writeStrings(g, "addresses", p.addresses());
        g.writeNumberField("port", p.port());
        g.writeStringField("os", p.os());
        g.writeStringField("version", p.version());
        g.writeStringField("state", p.state());
        writeInstant(g, "firstSeen", p.firstSeen());
        writeInstant(g, "lastSeen", p.lastSeen());
        g.writeBooleanField("conflict", p.conflict());
        g.writeStringField("source", p.source());
        g.writeEndObject();
    }

    static List<PeerView> readPeers(JsonObject reply) throws ControlException {
        List<PeerView> out = new ArrayList<>();
        for (JsonObject o : reply.objects("peers", false)) {
            out.add(
                    new PeerView(
                            o.string("name"),
                            o.string("id"),
                            optionalFingerprint(o),
                            o.strings("addresses"),
                            o.intValue("port"),
                            o.string("os"),
                            o.string("version"),
                            o.string("state"),
                            o.optionalInstant("firstSeen"),
                            o.optionalInstant("lastSeen"),
                            o.optionalBool("conflict", false),
                            o.string("source")));
        }
        return out;
    }

    static void writeStatus(JsonGenerator g, StatusView s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("id", s.id());
        g.writeStringField("fingerprint", s.fingerprint());
        g.writeNumberField("port", s.port());
        g.writeStringField("inbox", s.inbox());
        g.writeStringField("version", s.version());
        g.writeNumberField("uptimeSeconds", s.uptimeSeconds());
        g.writeArrayFieldStart("transfers");
        for (TransferView t : s.transfers()) {
            g.writeStartObject();
            g.writeStringField("direction", t.direction());
            g.writeStringField("peer", t.peer());
            g.writeStringField("file", t.file());
            g.writeNumberField("bytes", t.bytes());
            g.writeNumberField("size", t.size());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    static StatusView readStatus(JsonObject o) throws ControlException {
        List<TransferView> transfers = new ArrayList<>();
        for (JsonObject t : o.objects("transfers", true)) {
            transfers.add(
                    new TransferView(
                            t.string("direction"),
                            t.string("peer"),
                            t.string("file"),
                            t.integer("bytes"),
                            t.integer("size")));
        }
        return new StatusView(
                o.string("name"),
                o.string("id"),
                optionalFingerprint(o),
                o.intValue("port"),
                o.string("inbox"),
                o.string("version"),
                o.integer("uptimeSeconds"),
                transfers);
    }

    /** {@code fingerprint}, or "" if absent or null (a daemon older than 0.2 sends none). */
    private static String optionalFingerprint(JsonObject o) throws ControlException {
        String fp = o.optionalString("fingerprint");
        return fp == null ? "" : fp;
    }

    static void writeStored(JsonGenerator g, StoredView s) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", s.name());
        g.writeStringField("stored", s.stored());
        g.writeNumberField("size", s.size());
        g.writeEndObject();
    }

    static StoredView readStored(JsonObject o) throws ControlException {
        return new StoredView(o.string("name"), o.string("stored"), o.integer("size"));
    }

    private static void writeInstant(JsonGenerator g, String name, Instant t) throws IOException {
        if (t == null) {
            g.writeNullField(name);
        } else {
            g.writeStringField(name, Instants.format(t));
        }
    }

    private static void writeStrings(JsonGenerator g, String name, List<String> values)
            throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
