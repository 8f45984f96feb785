package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;
import dev.tft.transfer.wire.WireCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The sender's reader thread: decodes the receiver's replies into a queue that the pushing thread
 * drains, so the pushing thread keeps writing while replies arrive. Ends with exactly one {@link
 * End} in the queue. It runs no application code; all listener calls happen on the pushing thread.
 */
final class ReplyReader implements Runnable {
    /** Last element of the queue: why reading stopped. */
    record End(TransferError error, String message) {}

    final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final SocketChannel channel;
    private final Runnable onActivity;

    ReplyReader(SocketChannel channel, Runnable onActivity) {
        this.channel = channel;
        this.onActivity = onActivity;
    }

    @Override
    public void run() {
        ChannelInput in =
                new ChannelInput(channel, ByteBuffer.allocate(64 * 1024), () -> {}, onActivity);
        boolean any = false;
        try {
            while (true) {
                in.require(Protocol.FRAME_HEADER_SIZE);
                int size = WireCodec.frameSize(in.buffer());
                in.require(size);
                queue.add(WireCodec.decode(in.buffer()));
                any = true;
            }
        } catch (ChannelInput.Eof e) {
            queue.add(
                    new End(
                            TransferError.CONNECTION_LOST,
                            any
                                    ? "the receiver closed the connection"
                                    : "the receiver closed the connection without answering (busy, or not a tft receiver)"));
        } catch (ProtocolException e) {
            queue.add(
                    new End(
                            any ? TransferError.PROTOCOL_ERROR : TransferError.NOT_TFT,
                            "the receiver's reply is not the tft protocol: " + e.getMessage()));
        } catch (IOException e) {
            queue.add(new End(TransferError.CONNECTION_LOST, "connection lost: " + e));
        } catch (RuntimeException e) {
            queue.add(new End(TransferError.PROTOCOL_ERROR, "unreadable reply: " + e));
        }
    }

    static Frame.Reject rejectOf(Object o) {
        return o instanceof Frame.Reject r ? r : null;
    }
}
