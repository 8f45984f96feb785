package dev.tft.control;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** JSON form of {@link PushEvent}s; {@code "event"} is the discriminator and comes first. */
final class Events {
    private Events() {}

    static void write(JsonGenerator g, PushEvent event) throws IOException {
        g.writeStartObject();
        g.writeStringField("event", event.event());
        if (event instanceof PushEvent.Accepted) {
            PushEvent.Accepted a = (PushEvent.Accepted) event;
            g.writeStringField("push", a.push());
            g.writeObjectFieldStart("peer");
            g.writeStringField("name", a.peerName());
            g.writeStringField("id", a.peerId());
            g.writeStringField("address", a.address());
            g.writeEndObject();
            g.writeNumberField("files", a.files());
            g.writeNumberField("bytes", a.bytes());
        } else if (event instanceof PushEvent.Waiting) {
            PushEvent.Waiting w = (PushEvent.Waiting) event;
            g.writeStringField("peer", w.peer());
            g.writeNumberField("timeoutSeconds", w.timeoutSeconds());
        } else if (event instanceof PushEvent.FileStarted) {
            PushEvent.FileStarted f = (PushEvent.FileStarted) event;
            g.writeStringField("name", f.name());
            g.writeNumberField("size", f.size());
            g.writeNumberField("offset", f.offset());
        } else if (event instanceof PushEvent.Progress) {
            PushEvent.Progress p = (PushEvent.Progress) event;
            g.writeNumberField("bytes", p.bytes());
            g.writeNumberField("total", p.total());
            g.writeNumberField("fileBytes", p.fileBytes());
            g.writeNumberField("fileSize", p.fileSize());
            g.writeNumberField("rate", p.rate());
        } else if (event instanceof PushEvent.Stored) {
            PushEvent.Stored s = (PushEvent.Stored) event;
            g.writeStringField("name", s.name());
            g.writeStringField("stored", s.stored());
            g.writeNumberField("size", s.size());
        } else if (event instanceof PushEvent.Done) {
            writeDone(g, (PushEvent.Done) event);
        } else {
            g.writeBooleanField("ok", false);
            g.writeFieldName("error");
            Views.writeError(g, ((PushEvent.Failed) event).error());
        }
        g.writeEndObject();
    }

    private static void writeDone(JsonGenerator g, PushEvent.Done d) throws IOException {
        g.writeBooleanField("ok", true);
        g.writeArrayFieldStart("stored");
        for (StoredView s : d.stored()) {
            Views.writeStored(g, s);
        }
        g.writeEndArray();
        g.writeNumberField("bytes", d.bytes());
        g.writeNumberField("seconds", d.seconds());
    }

    static PushEvent read(JsonObject o) throws ControlException {
        if (!o.has("event") && o.has("ok") && !o.bool("ok")) {
            return new PushEvent.Failed(Views.readError(o.object("error")));
        }
        String type = o.string("event");
        switch (type) {
            case "accepted":
                JsonObject peer = o.object("peer");
                return new PushEvent.Accepted(
                        o.string("push"),
                        peer.string("name"),
                        peer.string("id"),
                        peer.string("address"),
                        o.intValue("files"),
                        o.integer("bytes"));
            case "waiting":
                return new PushEvent.Waiting(o.string("peer"), o.integer("timeoutSeconds"));
            case "file":
                return new PushEvent.FileStarted(
                        o.string("name"),
                        o.integer("size"),
                        o.has("offset") ? o.integer("offset") : 0);
            case "progress":
                return new PushEvent.Progress(
                        o.integer("bytes"),
                        o.integer("total"),
                        o.integer("fileBytes"),
                        o.integer("fileSize"),
                        o.number("rate"));
            case "stored":
                return new PushEvent.Stored(
                        o.string("name"), o.string("stored"), o.integer("size"));
            case "done":
                List<StoredView> stored = new ArrayList<>();
                for (JsonObject s : o.objects("stored", false)) {
                    stored.add(Views.readStored(s));
                }
                return new PushEvent.Done(stored, o.integer("bytes"), o.number("seconds"));
            case "error":
                return new PushEvent.Failed(Views.readError(o.object("error")));
            default:
                throw Json.bad("unknown event \"" + type + "\"");
        }
    }
}
