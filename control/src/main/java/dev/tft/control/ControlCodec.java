package dev.tft.control;

import java.util.ArrayList;
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
 *          {"op":"pending"} | {"op":"trusted"} | {"op":"history","limit":20}
 *          {"op":"accept","offer":"o-3","trust":true} | {"op":"reject","offer":"o-3"}
 *                                         (no "offer": the only pending one; "trust" only if true)
 *          {"op":"open","seconds":600} | {"op":"open","off":true}
 *          {"op":"trust","peer":"bravo"} | {"op":"untrust","peer":"bravo"}
 * reply    {"ok":true} | {"ok":true,"peers":[...]} | {"ok":true,"status":{...}}
 *          {"ok":true,"offers":[...]} | {"ok":true,"offer":{...}} | {"ok":true,"policy":{...}}
 *          {"ok":true,"trusted":[...]} | {"ok":true,"history":[...]}
 *          {"ok":false,"error":{"code":"unknown_peer","message":"...","candidates":[...]}}
 * events   {"event":"accepted"|"waiting"|"file"|"progress"|"stored"|"done"|"error", ...}
 * </pre>
 *
 * <p>Decoders ignore unknown fields, accept an optional {@code "v":1}, and throw {@link
 * ControlException} with {@code bad_request} for malformed input (syntax, types, missing fields,
 * invalid values, a line over 64 KiB, nesting deeper than 32) or {@code unknown_op}.
 *
 * <p>The peer and status objects carry {@code "fingerprint"} right after {@code "id"}: the device
 * key fingerprint, 64 lowercase hex digits, or {@code ""} if unknown ({@link
 * PeerView#fingerprint()}, {@link StatusView#fingerprint()}). It was added in 0.2 and is optional
 * there: absent or null decodes as {@code ""}, so a newer CLI still reads an older daemon's
 * replies; any other value is {@code bad_request}. Likewise the fields added in 0.3: the peer's
 * {@code "trusted"} (last; absent decodes as false) and the status's {@code "policy"} (last; absent
 * or null decodes as a null {@link StatusView#policy()}).
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
            } else if (request instanceof ControlRequest.Accept) {
                ControlRequest.Accept accept = (ControlRequest.Accept) request;
                writeOfferId(g, accept.offer());
                if (accept.trust()) {
                    g.writeBooleanField("trust", true);
                }
            } else if (request instanceof ControlRequest.Reject) {
                writeOfferId(g, ((ControlRequest.Reject) request).offer());
            } else if (request instanceof ControlRequest.Open) {
                ControlRequest.Open open = (ControlRequest.Open) request;
                if (open.off()) {
                    g.writeBooleanField("off", true);
                } else {
                    g.writeNumberField("seconds", open.seconds());
                }
            } else if (request instanceof ControlRequest.Trust) {
                g.writeStringField("peer", ((ControlRequest.Trust) request).peer());
            } else if (request instanceof ControlRequest.Untrust) {
                g.writeStringField("peer", ((ControlRequest.Untrust) request).peer());
            } else if (request instanceof ControlRequest.History) {
                g.writeNumberField("limit", ((ControlRequest.History) request).limit());
            } else if (request instanceof ControlRequest.Pair) {
                g.writeStringField("peer", ((ControlRequest.Pair) request).peer());
            } else if (request instanceof ControlRequest.Confirm) {
                g.writeBooleanField("yes", ((ControlRequest.Confirm) request).yes());
            }
            g.writeEndObject();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    private static void writeOfferId(com.fasterxml.jackson.core.JsonGenerator g, String offer)
            throws java.io.IOException {
        if (!offer.isEmpty()) {
            g.writeStringField("offer", offer);
        }
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
                case "pending":
                    return new ControlRequest.Pending();
                case "accept":
                    return new ControlRequest.Accept(offer(o, op), o.optionalBool("trust", false));
                case "reject":
                    return new ControlRequest.Reject(offer(o, op));
                case "open":
                    return open(o);
                case "trusted":
                    return new ControlRequest.Trusted();
                case "trust":
                    return new ControlRequest.Trust(o.string("peer"));
                case "untrust":
                    return new ControlRequest.Untrust(o.string("peer"));
                case "pair":
                    return new ControlRequest.Pair(o.string("peer"));
                case "confirm":
                    return new ControlRequest.Confirm(o.bool("yes"));
                case "history":
                    return new ControlRequest.History(
                            o.has("limit")
                                    ? o.intValue("limit")
                                    : ControlRequest.History.DEFAULT_LIMIT);
                default:
                    throw new ControlException(
                            ControlError.Code.UNKNOWN_OP,
                            "unknown op \""
                                    + op
                                    + "\" (this daemon speaks status, peers, push, cancel,"
                                    + " pending, accept, reject, open, trusted, trust, untrust,"
                                    + " history, pair, confirm)");
            }
        } catch (IllegalArgumentException e) {
            throw Json.bad(op + ": " + e.getMessage());
        }
    }

    /** {@code "offer"}: absent means the only pending offer (""); present, it must not be blank. */
    private static String offer(JsonObject o, String op) throws ControlException {
        if (!o.has("offer")) {
            return "";
        }
        String offer = o.string("offer");
        if (offer.isBlank()) {
            throw Json.bad(
                    op
                            + ": offer must not be blank (leave the field out to act on the only"
                            + " pending offer)");
        }
        return offer;
    }

    /** {@code "seconds"} 1..86400, or {@code "off":true}; exactly one of them. */
    private static ControlRequest.Open open(JsonObject o) throws ControlException {
        boolean off = o.optionalBool("off", false);
        if (off == o.has("seconds")) {
            throw Json.bad(
                    "open takes either \"seconds\" (1.."
                            + ControlRequest.Open.MAX_SECONDS
                            + ") or \"off\":true");
        }
        if (off) {
            return ControlRequest.Open.close();
        }
        int seconds = o.intValue("seconds");
        if (seconds < 1 || seconds > ControlRequest.Open.MAX_SECONDS) {
            throw Json.bad(
                    "open: seconds out of range 1.."
                            + ControlRequest.Open.MAX_SECONDS
                            + ": "
                            + seconds);
        }
        return new ControlRequest.Open(seconds);
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

    /** Encodes the reply to {@code pending}: the offers, oldest first. */
    public static String offers(List<OfferView> offers) {
        return Json.write(
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField("ok", true);
                    g.writeArrayFieldStart("offers");
                    for (OfferView o : offers) {
                        Views.writeOffer(g, o);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
    }

    /** Encodes the reply to {@code accept} and {@code reject}: the offer acted on. */
    public static String offer(OfferView offer) {
        return Json.write(
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField("ok", true);
                    g.writeFieldName("offer");
                    Views.writeOffer(g, offer);
                    g.writeEndObject();
                });
    }

    /** Encodes the reply to {@code open}: the policy now in force. */
    public static String policy(PolicyView policy) {
        return Json.write(
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField("ok", true);
                    g.writeFieldName("policy");
                    Views.writePolicy(g, policy);
                    g.writeEndObject();
                });
    }

    /**
     * Encodes the reply to {@code trusted} (every entry), {@code trust} (the one added) and {@code
     * untrust} (the one removed).
     */
    public static String trusted(List<TrustedView> trusted) {
        return Json.write(
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField("ok", true);
                    g.writeArrayFieldStart("trusted");
                    for (TrustedView t : trusted) {
                        Views.writeTrusted(g, t);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
    }

    /** Encodes the reply to {@code history}: entries newest first. */
    public static String history(List<HistoryEntryView> history) {
        return Json.write(
                g -> {
                    g.writeStartObject();
                    g.writeBooleanField("ok", true);
                    g.writeArrayFieldStart("history");
                    for (HistoryEntryView h : history) {
                        Views.writeHistoryEntry(g, h);
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                });
    }

    /** Encodes one pairing event line. */
    public static String pairEvent(PairEvent event) {
        return Json.write(g -> PairEvent.write(g, event));
    }

    /**
     * Decodes one pairing event line; an error reply without {@code "event"} reads as {@link
     * PairEvent.Failed}.
     *
     * @throws ControlException {@code bad_request} if malformed or of an unknown event type
     */
    public static PairEvent decodePairEvent(String line) throws ControlException {
        JsonObject o = Json.parseObject(line, "event", MAX_REPLY_LINE_BYTES);
        try {
            return PairEvent.read(o);
        } catch (IllegalArgumentException e) {
            throw Json.bad("event: " + e.getMessage());
        }
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

    /** Encodes offers as a bare JSON array (the CLI's {@code tft pending --json} output). */
    public static String offerArray(List<OfferView> offers) {
        return Json.write(
                g -> {
                    g.writeStartArray();
                    for (OfferView o : offers) {
                        Views.writeOffer(g, o);
                    }
                    g.writeEndArray();
                });
    }

    /** Encodes trust store entries as a bare JSON array (the CLI's {@code tft trust --json}). */
    public static String trustedArray(List<TrustedView> trusted) {
        return Json.write(
                g -> {
                    g.writeStartArray();
                    for (TrustedView t : trusted) {
                        Views.writeTrusted(g, t);
                    }
                    g.writeEndArray();
                });
    }

    /** Encodes history entries as a bare JSON array (the CLI's {@code tft history --json}). */
    public static String historyArray(List<HistoryEntryView> history) {
        return Json.write(
                g -> {
                    g.writeStartArray();
                    for (HistoryEntryView h : history) {
                        Views.writeHistoryEntry(g, h);
                    }
                    g.writeEndArray();
                });
    }

    /** Encodes a bare status object (the CLI's {@code tft status --json} output). */
    public static String statusObject(StatusView status) {
        return Json.write(g -> Views.writeStatus(g, status));
    }

    /**
     * Decodes a one-line reply to any request but {@code push}: an error reply becomes {@link
     * ControlReply.Failure}; a successful one is told apart by its payload field, checked in this
     * order: {@code "peers"} a {@link ControlReply.PeerList}, {@code "status"} a {@link
     * ControlReply.StatusReply}, {@code "offers"} a {@link ControlReply.OfferList}, {@code "offer"}
     * a {@link ControlReply.OfferReply}, {@code "policy"} a {@link ControlReply.PolicyReply},
     * {@code "trusted"} a {@link ControlReply.TrustedList}, {@code "history"} a {@link
     * ControlReply.HistoryList}; none of them is {@link ControlReply.Ok}.
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
            if (o.has("offers")) {
                List<OfferView> offers = new ArrayList<>();
                for (JsonObject offer : o.objects("offers", false)) {
                    offers.add(Views.readOffer(offer));
                }
                return new ControlReply.OfferList(offers);
            }
            if (o.has("offer")) {
                return new ControlReply.OfferReply(Views.readOffer(o.object("offer")));
            }
            if (o.has("policy")) {
                return new ControlReply.PolicyReply(Views.readPolicy(o.object("policy")));
            }
            if (o.has("trusted")) {
                List<TrustedView> trusted = new ArrayList<>();
                for (JsonObject t : o.objects("trusted", false)) {
                    trusted.add(Views.readTrusted(t));
                }
                return new ControlReply.TrustedList(trusted);
            }
            if (o.has("history")) {
                List<HistoryEntryView> history = new ArrayList<>();
                for (JsonObject h : o.objects("history", false)) {
                    history.add(Views.readHistoryEntry(h));
                }
                return new ControlReply.HistoryList(history);
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
