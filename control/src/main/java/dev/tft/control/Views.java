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
        g.writeBooleanField("trusted", p.trusted());
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
                            o.string("source"),
                            o.optionalBool("trusted", false)));
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
        if (s.policy() == null) {
            g.writeNullField("policy");
        } else {
            g.writeFieldName("policy");
            writePolicy(g, s.policy());
        }
        g.writeEndObject();
    }

    /** A status; {@code policy} absent or null (a daemon older than 0.3) reads as null. */
    static StatusView readStatus(JsonObject o) throws ControlException {
        JsonObject policy = o.optionalObject("policy");
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
                transfers,
                policy == null ? null : readPolicy(policy));
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

    static void writePolicy(JsonGenerator g, PolicyView p) throws IOException {
        g.writeStartObject();
        g.writeStringField("accept", p.accept());
        writeInstant(g, "openUntil", p.openUntil());
        g.writeEndObject();
    }

    static PolicyView readPolicy(JsonObject o) throws ControlException {
        return new PolicyView(o.string("accept"), o.optionalInstant("openUntil"));
    }

    private static void writePeerRef(JsonGenerator g, PeerRef p) throws IOException {
        g.writeObjectFieldStart("peer");
        g.writeStringField("name", p.name());
        g.writeStringField("id", p.id());
        g.writeStringField("address", p.address());
        g.writeEndObject();
    }

    private static PeerRef readPeerRef(JsonObject o) throws ControlException {
        JsonObject p = o.object("peer");
        return new PeerRef(p.string("name"), p.string("id"), p.string("address"));
    }

    static void writeOffer(JsonGenerator g, OfferView o) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", o.id());
        writePeerRef(g, o.peer());
        g.writeBooleanField("legacy", o.legacy());
        g.writeNumberField("files", o.files());
        g.writeNumberField("bytes", o.bytes());
        writeStrings(g, "names", o.names());
        g.writeNumberField("ageSeconds", o.ageSeconds());
        g.writeNumberField("expiresInSeconds", o.expiresInSeconds());
        g.writeEndObject();
    }

    static OfferView readOffer(JsonObject o) throws ControlException {
        return new OfferView(
                o.string("id"),
                readPeerRef(o),
                o.bool("legacy"),
                o.intValue("files"),
                o.integer("bytes"),
                o.strings("names"),
                o.integer("ageSeconds"),
                o.integer("expiresInSeconds"));
    }

    static void writeTrusted(JsonGenerator g, TrustedView t) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", t.id());
        g.writeStringField("name", t.name());
        g.writeStringField("fingerprint", t.fingerprint());
        writeInstant(g, "since", t.since());
        g.writeEndObject();
    }

    static TrustedView readTrusted(JsonObject o) throws ControlException {
        return new TrustedView(
                o.string("id"), o.string("name"), o.string("fingerprint"), o.instant("since"));
    }

    static void writeHistoryEntry(JsonGenerator g, HistoryEntryView h) throws IOException {
        g.writeStartObject();
        writeInstant(g, "time", h.time());
        g.writeStringField("direction", h.direction());
        writePeerRef(g, h.peer());
        g.writeBooleanField("legacy", h.legacy());
        g.writeNumberField("files", h.files());
        g.writeNumberField("bytes", h.bytes());
        g.writeStringField("result", h.result());
        writeStrings(g, "stored", h.stored());
        g.writeStringField("message", h.message());
        g.writeEndObject();
    }

    static HistoryEntryView readHistoryEntry(JsonObject o) throws ControlException {
        return new HistoryEntryView(
                o.instant("time"),
                o.string("direction"),
                readPeerRef(o),
                o.bool("legacy"),
                o.intValue("files"),
                o.integer("bytes"),
                o.string("result"),
                o.strings("stored"),
                o.string("message"));
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
