package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;

import java.io.IOException;
import java.security.MessageDigest;

/**
 * Receives one accepted file of a native session: stream into the temp, verify size and checksum
 * (the whole file, a resumed prefix re-hashed from disk), fsync, publish, answer. Confined to its
 * connection thread.
 */
final class FileReceive {
    private final ReceiveContext ctx;
    private final SessionIo io;
    private final RemotePeer peer;

    FileReceive(ReceiveContext ctx, SessionIo io, RemotePeer peer) {
        this.ctx = ctx;
        this.io = io;
        this.peer = peer;
    }

    /**
     * What became of one file: stored (published) or the error it failed with (answered FAILED).
     */
    record Outcome(ReceivedFile stored, TransferError error) {
        static Outcome failed(TransferError error) {
            return new Outcome(null, error);
        }
    }

    /**
     * Receives the file; returns the outcome if the session can go on, throws if it cannot (the
     * connection broke, the peer violated the protocol, the disk failed).
     */
    Outcome receive(Frame.Offer o, Inbox.Temp temp, String key, String parent, String leaf)
            throws IOException {
        FileProgress p = new FileProgress(peer.name(), key, o.size(), temp.existing);
        ctx.started(p);
        boolean settled = false;
        try {
            Hasher h = new Hasher(o.checksumAlg());
            if (temp.existing > 0) {
                // Re-reading the kept prefix is our work, not the peer's silence.
                io.localWork();
                Payload.hashPrefix(temp.channel, temp.existing, h);
                io.peerTurn();
            }
            io.out.send(new Frame.Accept(temp.existing));
            Payload.receive(io.in, temp.channel, o.size() - temp.existing, h, p::add);
            Frame f = io.readFrame();
            if (!(f instanceof Frame.Checksum c) || c.alg() != o.checksumAlg()) {
                throw new ProtocolException(
                        Protocol.E_PROTOCOL_ERROR, "payload not followed by its CHECKSUM");
            }
            settled = true;
            if (!MessageDigest.isEqual(c.digest(), h.digest())) {
                temp.discard();
                return fail(
                        o,
                        TransferError.CHECKSUM_MISMATCH,
                        "checksum mismatch: the file was not stored");
            }
            return publish(o, temp, key, parent, leaf);
        } catch (Payload.DiskException e) {
            settled = true;
            temp.discard();
            if (e.noSpace()) {
                fail(
                        o,
                        TransferError.NO_SPACE,
                        "no space left on the receiver's disk; nothing was kept");
            } else {
                fail(o, TransferError.IO_ERROR, "the receiver could not write the file");
            }
            io.out.flush();
            throw e;
        } catch (ChannelInput.Eof e) {
            settled = true;
            // Before telling anyone: a kept temp is complete on disk, others are gone.
            temp.keepOrDiscard();
            ctx.listener.failed(
                    peer.name(), o.path(), TransferError.INCOMPLETE, "connection ended early");
            throw new ProtocolException(
                    Protocol.E_INCOMPLETE,
                    "payload ended after " + p.bytes() + " of " + o.size() + " bytes");
        } catch (IOException e) {
            settled = true;
            temp.keepOrDiscard();
            ctx.listener.failed(
                    peer.name(), o.path(), connectionError(io, e), "transfer interrupted");
            throw e;
        } finally {
            ctx.finished(p);
            if (!settled) {
                temp.keepOrDiscard();
            }
        }
    }

    private Outcome publish(Frame.Offer o, Inbox.Temp temp, String key, String parent, String leaf)
            throws IOException {
        String stored;
        io.localWork();
        try {
            temp.channel.force(true);
            temp.channel.close();
            ctx.inbox.setMtime(temp, o.mtimeMillis());
            stored = ctx.inbox.publish(temp, parent, leaf);
        } catch (IOException e) {
            temp.discard();
            return fail(o, TransferError.IO_ERROR, "the receiver could not publish the file");
        } finally {
            io.peerTurn();
        }
        io.out.send(new Frame.Stored(stored));
        ReceivedFile f =
                new ReceivedFile(peer.id(), peer.name(), peer.address(), key, stored, o.size());
        ctx.listener.received(f);
        return new Outcome(f, null);
    }

    private Outcome fail(Frame.Offer o, TransferError error, String message) throws IOException {
        io.out.send(new Frame.Failed(error.wireCode(), message));
        ctx.listener.failed(peer.name(), o.path(), error, message);
        return Outcome.failed(error);
    }

    /**
     * What a non-EOF failure during a file means: our disk, the peer's silence, its bytes, or the
     * link.
     */
    static TransferError connectionError(SessionIo io, IOException e) {
        if (e instanceof Payload.DiskException) {
            return TransferError.IO_ERROR;
        }
        if (e instanceof ProtocolException pe) {
            return TransferError.fromWire(pe.wireCode());
        }
        return io.guard.expired() ? TransferError.TIMEOUT : TransferError.CONNECTION_LOST;
    }
}
