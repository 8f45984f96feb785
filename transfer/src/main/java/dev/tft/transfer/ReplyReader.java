package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.ProtocolException;
import dev.tft.transfer.wire.WireCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sender's reader thread: decodes the receiver's replies into a queue that the pushing thread
 * drains, so the pushing thread keeps writing while replies arrive. Ends with exactly one {@link
 * Reply.End} in the queue, which stays visible to every later {@link #poll}. It runs no application
 * code; all listener calls happen on the pushing thread.
 */
final class ReplyReader implements Runnable {
    private final LinkedBlockingQueue<Reply> queue = new LinkedBlockingQueue<>();
    private final ReadableByteChannel channel;
    private final Runnable onActivity;
    private volatile Reply.End end;

    ReplyReader(ReadableByteChannel channel, Runnable onActivity) {
        this.channel = channel;
        this.onActivity = onActivity;
    }

    @Override
    public void run() {
        ChannelInput in =
                new ChannelInput(channel, ByteBuffer.allocate(64 * 1024), () -> {}, onActivity);
        boolean any = false;
        Reply.End why;
        try {
            while (true) {
                in.require(Protocol.FRAME_HEADER_SIZE);
                int size = WireCodec.frameSize(in.buffer());
                in.require(size);
                queue.add(new Reply.Received(WireCodec.decode(in.buffer())));
                any = true;
            }
        } catch (ChannelInput.Eof e) {
            why =
                    new Reply.End(
                            TransferError.CONNECTION_LOST,
                            any
                                    ? "the receiver closed the connection"
                                    : "the receiver closed the connection without answering"
                                            + " (busy, or not a tft receiver)");
        } catch (ProtocolException e) {
            why =
                    new Reply.End(
                            any ? TransferError.PROTOCOL_ERROR : TransferError.NOT_TFT,
                            "the receiver's reply is not the tft protocol: " + e.getMessage());
        } catch (IOException e) {
            why = new Reply.End(TransferError.CONNECTION_LOST, "connection lost: " + e);
        } catch (RuntimeException e) {
            why = new Reply.End(TransferError.PROTOCOL_ERROR, "unreadable reply: " + e);
        }
        end = why;
        queue.add(why);
    }

    /** The next reply, waiting up to {@code nanos}; null on timeout. After the end: the end. */
    Reply poll(long nanos) throws InterruptedException {
        Reply.End e = end;
        if (e != null && queue.isEmpty()) {
            return e;
        }
        Reply r = queue.poll(nanos, TimeUnit.NANOSECONDS);
        return r == null ? end : r;
    }

    /** The next reply if one is queued, else null (the end is returned once, from the queue). */
    Reply poll() {
        return queue.poll();
    }

    /** The receiver's own reason (its first FAILED or REJECT still queued), if it sent one. */
    Frame firstRefusal() {
        for (Reply r : queue) {
            if (r instanceof Reply.Received rec
                    && (rec.frame() instanceof Frame.Failed
                            || rec.frame() instanceof Frame.Reject)) {
                return rec.frame();
            }
        }
        return null;
    }
}
