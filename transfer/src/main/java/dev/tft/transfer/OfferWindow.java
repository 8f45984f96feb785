package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The sender's view of the receiver's answers: the HELLO, then for each offer in order an ACCEPT or
 * REJECT, then a STORED or FAILED. Offers wait here until their STORED; any refusal, failure or
 * out-of-order reply throws {@link TransferException}. Knows nothing of channels or threads: fed
 * one {@link Reply} at a time. Confined to the pushing thread.
 */
final class OfferWindow {
    /** One offered entry and whether its ACCEPT has arrived. */
    static final class Pending {
        final SendPlan.Item item;
        private boolean accepted;

        Pending(SendPlan.Item item) {
            this.item = item;
        }

        boolean accepted() {
            return accepted;
        }
    }

    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final List<StoredFile> stored = new ArrayList<>();
    private final TransferListener listener;
    private boolean hello;

    OfferWindow(TransferListener listener) {
        this.listener = listener;
    }

    /** Records an offer just written; returns its handle. */
    Pending offered(SendPlan.Item item) {
        Pending p = new Pending(item);
        pending.add(p);
        return p;
    }

    /** True once the receiver's HELLO arrived. */
    boolean greeted() {
        return hello;
    }

    int unanswered() {
        return pending.size();
    }

    List<StoredFile> stored() {
        return stored;
    }

    /**
     * True if {@code r} is the ACCEPT that lets {@code p} stream now (the HELLO came and {@code p}
     * is the oldest unanswered offer); it is then marked accepted and the caller streams it.
     */
    boolean acceptsNow(Pending p, Reply r) {
        if (hello
                && pending.peekFirst() == p
                && !p.accepted
                && r instanceof Reply.Received rec
                && rec.frame() instanceof Frame.Accept) {
            p.accepted = true;
            return true;
        }
        return false;
    }

    /** Applies one reply (or the reader's end) to the oldest unanswered offer. */
    void handle(Reply r) throws TransferException {
        if (r instanceof Reply.End e) {
            throw new TransferException(e.error(), e.message());
        }
        Frame f = ((Reply.Received) r).frame();
        if (!hello) {
            if (f instanceof Frame.Hello) {
                hello = true;
                return;
            }
            if (f instanceof Frame.Reject rej) {
                throw remote(rej.code(), rej.message(), "session refused");
            }
            throw new TransferException(
                    TransferError.NOT_TFT, "the receiver did not greet with HELLO");
        }
        Pending head = pending.peekFirst();
        if (head == null) {
            if (f instanceof Frame.Failed fail) {
                throw remote(fail.code(), fail.message(), "session failed");
            }
            throw new TransferException(TransferError.PROTOCOL_ERROR, "unexpected reply " + f);
        }
        String path = LogSafe.escape(head.item.path());
        if (f instanceof Frame.Accept && !head.accepted) {
            head.accepted = true;
        } else if (f instanceof Frame.Reject rej && !head.accepted) {
            throw remote(rej.code(), rej.message(), path + " refused");
        } else if (f instanceof Frame.Stored s && head.accepted) {
            pending.removeFirst();
            stored.add(new StoredFile(head.item.path(), s.storedPath(), head.item.size()));
            if (!head.item.directory()) {
                listener.fileStored(head.item.path(), s.storedPath(), head.item.size());
            }
        } else if (f instanceof Frame.Failed fail) {
            throw remote(fail.code(), fail.message(), path + " failed");
        } else {
            throw new TransferException(TransferError.PROTOCOL_ERROR, "reply out of order: " + f);
        }
    }

    static TransferException remote(int code, String message, String what) {
        return new TransferException(
                TransferError.fromWire(code), what + ": " + LogSafe.escape(message));
    }
}
