package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;
import dev.tft.transfer.wire.SessionHeader;

import java.io.IOException;
import java.security.MessageDigest;

/**
 * Receives one accepted file: stream into the temp, verify size and checksum (the whole file, a
 * resumed prefix re-hashed from disk), fsync, publish, answer. Confined to its connection thread.
 */
final class FileReceive {
    private final Connection conn;
    private final ChannelInput in;
    private final NativeSession session;
    private final SessionHeader peer;

    FileReceive(Connection conn, ChannelInput in, NativeSession session, SessionHeader peer) {
        this.conn = conn;
        this.in = in;
        this.session = session;
        this.peer = peer;
    }

    void receive(Frame.Offer o, Inbox.Temp temp, String key, String parent, String leaf)
            throws IOException {
        Connection.Progress p =
                new Connection.Progress(peer.displayName(), key, o.size(), temp.existing);
        conn.rx.active.add(p);
        boolean settled = false;
        try {
            Hasher h = new Hasher(o.checksumAlg());
            if (temp.existing > 0) {
                conn.guard
                        .suspend(); // re-reading the kept prefix is our work, not the peer's
                                    // silence
                Payload.hashPrefix(temp.channel, temp.existing, h);
                conn.guard.extend(conn.rx.config.limits().idleTimeout().toNanos());
            }
            conn.out.send(new Frame.Accept(temp.existing));
            Payload.receive(in, temp.channel, o.size() - temp.existing, h, n -> p.bytes += n);
            Frame f = session.readFrame();
            if (!(f instanceof Frame.Checksum c) || c.alg() != o.checksumAlg()) {
                throw new ProtocolException(
                        Protocol.E_PROTOCOL_ERROR, "payload not followed by its CHECKSUM");
            }
            settled = true;
            if (!MessageDigest.isEqual(c.digest(), h.digest())) {
                temp.discard();
                fail(
                        o,
                        TransferError.CHECKSUM_MISMATCH,
                        "checksum mismatch: the file was not stored");
                return;
            }
            publish(o, temp, key, parent, leaf);
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
            conn.out.flush();
            throw e;
        } catch (ChannelInput.Eof e) {
            settled = true;
            temp
                    .keepOrDiscard(); // before telling anyone: a kept temp is complete on disk,
                                      // others are gone
            conn.fireFailed(
                    peer.displayName(),
                    o.path(),
                    TransferError.INCOMPLETE,
                    "connection ended early");
            throw new ProtocolException(
                    Protocol.E_INCOMPLETE,
                    "payload ended after " + p.bytes + " of " + o.size() + " bytes");
        } catch (IOException e) {
            settled = true;
            temp.keepOrDiscard();
            conn.fireFailed(
                    peer.displayName(), o.path(), connectionError(conn, e), "transfer interrupted");
            throw e;
        } finally {
            conn.rx.active.remove(p);
            if (!settled) {
                temp.keepOrDiscard();
            }
        }
    }

    private void publish(Frame.Offer o, Inbox.Temp temp, String key, String parent, String leaf)
            throws IOException {
        String stored;
        conn.guard.suspend();
        try {
            temp.channel.force(true);
            temp.channel.close();
            conn.rx.inbox.setMtime(temp, o.mtimeMillis());
            stored = conn.rx.inbox.publish(temp, parent, leaf);
        } catch (IOException e) {
            temp.discard();
            fail(o, TransferError.IO_ERROR, "the receiver could not publish the file");
            return;
        } finally {
            conn.guard.extend(conn.rx.config.limits().idleTimeout().toNanos());
        }
        conn.out.send(new Frame.Stored(stored));
        conn.fireReceived(
                new ReceivedFile(
                        peer.peerId(), peer.displayName(), conn.from, key, stored, o.size()));
    }

    private void fail(Frame.Offer o, TransferError error, String message) throws IOException {
        conn.out.send(new Frame.Failed(error.wireCode(), message));
        conn.fireFailed(peer.displayName(), o.path(), error, message);
    }

    /**
     * The seed's form: exactly {@code size} bytes, no checksum, no reply; the connection closes
     * afterwards.
     */
    static void legacy(Connection conn, ChannelInput in, String name, long size)
            throws IOException {
        Inbox.Temp temp = conn.rx.inbox.createTemp();
        Connection.Progress p = new Connection.Progress("", name, size, 0);
        conn.rx.active.add(p);
        try {
            Payload.receive(in, temp.channel, size, null, n -> p.bytes += n);
            temp.channel.force(true);
            temp.channel.close();
            String stored = conn.rx.inbox.publish(temp, "", name);
            conn.fireReceived(new ReceivedFile("", "", conn.from, name, stored, size));
        } catch (ChannelInput.Eof e) {
            temp.discard();
            conn.fireFailed("", name, TransferError.INCOMPLETE, "connection ended early");
            throw new ProtocolException(
                    Protocol.E_INCOMPLETE,
                    "legacy payload ended after " + p.bytes + " of " + size + " bytes");
        } catch (IOException e) {
            temp.discard();
            conn.fireFailed("", name, connectionError(conn, e), "transfer interrupted");
            throw e;
        } catch (RuntimeException e) {
            temp.discard();
            conn.fireFailed(
                    "", name, TransferError.IO_ERROR, "the receiver could not store the file");
            throw e;
        } finally {
            conn.rx.active.remove(p);
        }
    }

    /**
     * What a non-EOF failure during a file means: our disk, the peer's silence, its bytes, or the
     * link.
     */
    private static TransferError connectionError(Connection conn, IOException e) {
        if (e instanceof Payload.DiskException) {
            return TransferError.IO_ERROR;
        }
        if (e instanceof ProtocolException pe) {
            return TransferError.fromWire(pe.wireCode());
        }
        return conn.guard.expired() ? TransferError.TIMEOUT : TransferError.CONNECTION_LOST;
    }
}
