package dev.tft.transfer;

import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;

import java.io.IOException;

/**
 * The seed's form: exactly {@code size} bytes, no checksum, no reply; the connection closes
 * afterwards. The name was checked by the caller. Confined to its connection thread.
 */
final class LegacyReceive {
    private LegacyReceive() {}

    static ReceivedFile run(
            ReceiveContext ctx, SessionIo io, RemotePeer peer, String name, long size)
            throws IOException {
        Inbox.Temp temp = ctx.inbox.createTemp();
        FileProgress p = new FileProgress("", name, size, 0);
        ctx.started(p);
        try {
            Payload.receive(io.in, temp.channel, size, null, p::add);
            io.localWork();
            temp.channel.force(true);
            temp.channel.close();
            String stored = ctx.inbox.publish(temp, "", name);
            ReceivedFile f = new ReceivedFile("", "", peer.address(), name, stored, size);
            ctx.listener.received(f);
            return f;
        } catch (ChannelInput.Eof e) {
            temp.discard();
            ctx.listener.failed("", name, TransferError.INCOMPLETE, "connection ended early");
            throw new ProtocolException(
                    Protocol.E_INCOMPLETE,
                    "legacy payload ended after " + p.bytes() + " of " + size + " bytes");
        } catch (IOException e) {
            temp.discard();
            ctx.listener.failed(
                    "", name, FileReceive.connectionError(io, e), "transfer interrupted");
            throw e;
        } catch (RuntimeException e) {
            temp.discard();
            ctx.listener.failed(
                    "", name, TransferError.IO_ERROR, "the receiver could not store the file");
            throw e;
        } finally {
            ctx.finished(p);
        }
    }
}
