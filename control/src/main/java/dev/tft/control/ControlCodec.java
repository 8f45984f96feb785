package dev.tft.control;

import java.util.List;

/**
 * Encodes and decodes control-protocol v1 lines (see {@code PROTOCOL.md part C}). Pure functions of
 * strings: no sockets, no state, thread-safe. Encoded lines are compact JSON without the trailing
 * {@code '\n'}; the caller frames them. Field order is fixed, so encodings are byte-stable
 * (golden-tested).
 *
 * <pre>
 * request  {"op":"status"} | {"op":"peers"} | {"op":"cancel","push":"p-7"}
 *          {"op":"push","peer":"laptop","paths":["/abs/a"]}   ("raw":true after "op" for raw)
 * reply    {"ok":true} | {"ok":true,"peers":[...]} | {"ok":true,"status":{...}}
 *          {"ok":false,"error":{"code":"unknown_peer","message":"...","candidates":[...]}}
 * events   {"event":"accepted"|"file"|"progress"|"stored"|"done"|"error", ...}
 * </pre>
 *
 * <p>Decoders ignore unknown fields, accept an optional {@code "v":1}, and throw {@link
 * ControlException} with {@code bad_request} for malformed input (syntax, types, missing fields,
 * invalid values, a line over 64 KiB, nesting deeper than 32) or {@code unknown_op}.
 *
 * <p>The peer and status objects carry {@code "fingerprint"} right after {@code "id"}: the device
 * key fingerprint, 64 lowercase hex digits, or {@code ""} if unknown ({@link
 * PeerView#fingerprint()}, {@link StatusView#fingerprint()}). It was added in 0.2 and is the one
 * optional field there: absent or null decodes as {@code ""}, so a newer CLI still reads an older
 * daemon's replies; any other value is {@code bad_request}.
 */
public final class ControlCodec {
    /** The protocol version this codec speaks. */
    public static final int VERSION = 1;

    /** Maximum request line length in bytes, excluding the newline; the daemon enforces it. */
    public static final int MAX_LINE_BYTES = Json.MAX_LINE_BYTES;

    /**
     * Longest reply or event line a client accepts (a {@code done} event lists every stored file).
     */
    public static final int MAX_REPLY_LINE_BYTES = Json.MAX_REPLY_LINE_BYTES;

    /** Maximum JSON nesting depth (the root object counts as 1). */
    public static final int MAX_DEPTH = Json.MAX_DEPTH;

    private ControlCodec() {}

    /** Encodes a request line. */
    public static String encodeRequest(ControlRequest request) {
        // No lambda here (unlike the reply encoders): the CLI calls this on every start.
        java.io.StringWriter out = new java.io.StringWriter(64);
        try (com.fasterxml.jackson.core.JsonGenerator g = Json.generator(out)) {
            g.writeStartObject();
            g.writeStringField("op", request.op());
            if (request instanceof ControlRequest.Push) {
                ControlRequest.Push push = (ControlRequest.Push) request;
                if (push.raw()) {
                    g.writeBooleanField("raw", true);
                }
                g.writeStringField("peer", push.peer());
                g.writeArrayFieldStart("paths");
                for (String p : push.paths()) {
                    g.writeString(p);
                }
                g.writeEndArray();
            } else if (request instanceof ControlRequest.Cancel) {
                g.writeStringField("push", ((ControlRequest.Cancel) request).push());
            }
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Decodes a request line (without its newline).
     *
     * @throws ControlException {@code bad_request} if malformed, {@code unknown_op} if the op is
     *     well-formed but not one of v1's
     */
    public static ControlRequest decodeRequest(String line) throws ControlException {
        JsonObject o = Json.parseObject(line, "request", MAX_LINE_BYTES);
        checkVersion(o);
        String op = o.string("op");
        try {
            switch (op) {
                case "status":
                    return new ControlRequest.Status();
                case "peers":
                    return new ControlRequest.Peers();
                case "push":
                    return new ControlRequest.Push(
                            o.string("peer"), o.strings("paths"), o.optionalBool("raw", false));
                case "cancel":
                    return new ControlRequest.Cancel(o.string("push"));
                default:
                    throw new ControlException(
                            ControlError.Code.UNKNOWN_OP,
                            "unknown op \""
                                    + op
                                    + "\" (this daemon speaks status, peers, push, cancel)");
            }
        } catch (IllegalArgumentException e) {
            throw Json.bad(op + ": " + e.getMessage());
        }
    }

    private static void checkVersion(JsonObject o) throws ControlException {
        if (o.has("v") && o.integer("v") != VERSION) {
            throw Json.bad(
                    "unsupported protocol version "
                            + o.integer("v")
                            + " (this side speaks "
                            + VERSION
                            + "): upgrade the older of tft CLI and daemon");
        }
    }

    /** Encodes {@code {"ok":true}}. */
    public static String ok() {
        return "{\"ok\":true}";
    }

    /** Encodes an error reply {@code {"ok":false,"error":{...}}}. */
    public static String error(ControlError error) {
        return Json.write(
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField("ok", false);
                    g.writeFieldName("error");
                    Views.writeError(g, error);
                    g.writeEndObject();
                });
    }

    /** Encodes the reply to {@code peers}. */
    public static String peers(List<PeerView> peers) {
        return Json.write(
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField("ok", true);
                    g.writeArrayFieldStart("peers");
                    for (PeerView p : peers) {
                        Views.writePeer(g, p);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
    }

    /** Encodes the reply to {@code status}. */
    public static String status(StatusView status) {
        return Json.write(
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField("ok", true);
                    g.writeFieldName("status");
                    Views.writeStatus(g, status);
                    g.writeEndObject();
                });
    }

    /** Encodes one push event line. */
    public static String event(PushEvent event) {
        return Json.write(g -> Events.write(g, event));
    }

    /** Encodes a list of peers as a bare JSON array (the CLI's {@code tft peers --json} output). */
    public static String peerArray(List<PeerView> peers) {
        return Json.write(
                g -> {
                    g.writeStartArray();
                    for (PeerView p : peers) {
                        Views.writePeer(g, p);
                    }
                    g.writeEndArray();
                });
    }

    /** Encodes a bare status object (the CLI's {@code tft status --json} output). */
    public static String statusObject(StatusView status) {
        return Json.write(g -> Views.writeStatus(g, status));
    }

    /**
     * Decodes a one-line reply to {@code status}, {@code peers} or {@code cancel}: an error reply
     * becomes {@link ControlReply.Failure}, {@code "peers"} a {@link ControlReply.PeerList}, {@code
     * "status"} a {@link ControlReply.StatusReply}, otherwise {@link ControlReply.Ok}.
     *
     * @throws ControlException {@code bad_request} if the line is malformed
     */
    public static ControlReply decodeReply(String line) throws ControlException {
        JsonObject o = Json.parseObject(line, "reply", MAX_REPLY_LINE_BYTES);
        try {
            if (!o.bool("ok")) {
                return new ControlReply.Failure(Views.readError(o.object("error")));
            }
            if (o.has("peers")) {
                return new ControlReply.PeerList(Views.readPeers(o));
            }
            if (o.has("status")) {
                return new ControlReply.StatusReply(Views.readStatus(o.object("status")));
            }
            return new ControlReply.Ok();
        } catch (IllegalArgumentException e) {
            throw Json.bad("reply: " + e.getMessage());
        }
    }

    /**
     * Decodes one push event line. An error reply ({@code {"ok":false,"error":...}} without {@code
     * "event"}) is accepted as {@link PushEvent.Failed}, so a push refused up front reads the same
     * either way.
     *
     * @throws ControlException {@code bad_request} if malformed or of an unknown event type
     */
    public static PushEvent decodeEvent(String line) throws ControlException {
        JsonObject o = Json.parseObject(line, "event", MAX_REPLY_LINE_BYTES);
        try {
            return Events.read(o);
        } catch (IllegalArgumentException e) {
            throw Json.bad("event: " + e.getMessage());
        }
    }
}
