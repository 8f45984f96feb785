package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The frame loop of one native session, after the header: OFFERs are answered strictly in order
 * (ACCEPT/REJECT, then STORED/FAILED), until END. Directories offered in this session map offered
 * paths to stored paths; a file or directory may only be offered inside a directory offered earlier
 * in the same session. Knows nothing of sockets: it reads and writes through {@link SessionIo}.
 * Confined to its connection thread.
 */
final class NativeSession {
    /** Most directories one session may create (bounds the path map). */
    static final int MAX_DIRECTORIES = 100_000;

    private final ReceiveContext ctx;
    private final SessionIo io;
    private final RemotePeer peer;
    private final Map<String, String> dirs = new HashMap<>();
    private final List<ReceivedFile> stored = new ArrayList<>();
    private int failures;
    private TransferError lastFailure;

    NativeSession(ReceiveContext ctx, SessionIo io, RemotePeer peer) {
        this.ctx = ctx;
        this.io = io;
        this.peer = peer;
    }

    /**
     * Runs until END (returns) or a protocol violation (answers FAILED, then throws {@link
     * ProtocolException}); I/O failures propagate.
     */
    void run() throws IOException {
        try {
            while (true) {
                Frame f = io.readFrame();
                if (f instanceof Frame.End) {
                    io.out.flush();
                    return;
                } else if (f instanceof Frame.Offer o) {
                    offer(o);
                } else {
                    throw new ProtocolException(Protocol.E_PROTOCOL_ERROR, "unexpected frame " + f);
                }
            }
        } catch (ProtocolException e) {
            try {
                io.out.send(new Frame.Failed(e.wireCode(), oneLine(e.getMessage())));
                io.out.flush();
            } catch (IOException ignored) {
                // The peer may be gone already; the violation is what gets logged.
            }
            throw e;
        }
    }

    /** Files published in this session so far, in order. */
    List<ReceivedFile> stored() {
        return List.copyOf(stored);
    }

    /** Offers refused or files failed in this session so far. */
    int failures() {
        return failures;
    }

    /** The error of the last refusal or failure, or null. */
    TransferError lastFailure() {
        return lastFailure;
    }

    /** A peer-safe one-line message of at most 150 characters. */
    static String oneLine(String s) {
        String e = LogSafe.escape(s);
        return e.length() > 150 ? e.substring(0, 150) : e;
    }

    private void offer(Frame.Offer o) throws IOException {
        List<String> parts;
        try {
            parts = NamePolicy.path(o.path());
        } catch (NamePolicy.BadNameException e) {
            refuse(o, Protocol.E_BAD_NAME, "name refused: " + e.getMessage());
            return;
        }
        String key = String.join("/", parts);
        String parentKey = String.join("/", parts.subList(0, parts.size() - 1));
        String parent = parentKey.isEmpty() ? "" : dirs.get(parentKey);
        if (parent == null) {
            refuse(o, Protocol.E_BAD_NAME, "parent directory was not offered first");
            return;
        }
        String leaf = parts.get(parts.size() - 1);
        if (o.kind() == Protocol.KIND_DIRECTORY) {
            directory(o, key, parent, leaf);
        } else {
            file(o, key, parent, leaf);
        }
    }

    private void directory(Frame.Offer o, String key, String parent, String leaf)
            throws IOException {
        String stored = dirs.get(key);
        if (stored == null) {
            if (dirs.size() >= MAX_DIRECTORIES) {
                refuse(o, Protocol.E_TOO_LARGE, "too many directories in one session");
                return;
            }
            try {
                stored = ctx.inbox.createDirectory(parent, leaf);
            } catch (IOException e) {
                refuse(o, Protocol.E_IO_ERROR, "cannot create the directory");
                return;
            }
            dirs.put(key, stored);
        }
        io.out.send(new Frame.Accept(0));
        io.out.send(new Frame.Stored(stored));
    }

    private void file(Frame.Offer o, String key, String parent, String leaf) throws IOException {
        try {
            ctx.checkSize(o.size(), 0);
        } catch (ProtocolException e) {
            refuse(o, e.wireCode(), e.getMessage());
            return;
        }
        Inbox.Temp temp;
        try {
            if (!o.eager() && o.resumable()) {
                temp =
                        ctx.inbox.openResumable(
                                Inbox.resumeKey(peer.id(), o.resumeId(), key, o.size()), o.size());
                if (temp == null) {
                    refuse(o, Protocol.E_BUSY, "this file is being received on another connection");
                    return;
                }
            } else {
                temp = ctx.inbox.createTemp();
            }
        } catch (IOException e) {
            refuse(o, Protocol.E_IO_ERROR, "cannot create a temp file");
            return;
        }
        FileReceive.Outcome out =
                new FileReceive(ctx, io, peer).receive(o, temp, key, parent, leaf);
        if (out.stored() != null) {
            stored.add(out.stored());
        } else {
            failures++;
            lastFailure = out.error();
        }
    }

    /**
     * Answers REJECT; a refused eager payload (at most 64 KiB) and its CHECKSUM are read and
     * dropped.
     */
    private void refuse(Frame.Offer o, int code, String message) throws IOException {
        io.out.send(new Frame.Reject(code, message));
        failures++;
        lastFailure = TransferError.fromWire(code);
        ctx.listener.failed(peer.name(), o.path(), lastFailure, message);
        if (o.eager()) {
            Payload.skip(io.in, o.size());
            if (!(io.readFrame() instanceof Frame.Checksum)) {
                throw new ProtocolException(
                        Protocol.E_PROTOCOL_ERROR, "eager payload not followed by CHECKSUM");
            }
        }
    }
}
