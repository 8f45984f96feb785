package dev.tft.transfer;

import java.util.List;

/**
 * What one push will offer, planned once by {@link Sender#plan}: every entry in offer order
 * (directories before their contents), walked and checked against the name policy up front, with
 * the totals a caller shows before the first byte. Immutable; the sources are checked again for
 * changes while they are sent.
 */
public final class PushPlan {
    private final List<SendPlan.Item> items;
    private final long files;
    private final long bytes;

    PushPlan(List<SendPlan.Item> items) {
        this.items = List.copyOf(items);
        long f = 0;
        long b = 0;
        for (SendPlan.Item i : items) {
            if (!i.directory()) {
                f++;
                b += i.size();
            }
        }
        this.files = f;
        this.bytes = b;
    }

    List<SendPlan.Item> items() {
        return items;
    }

    /** Regular files in the push (directories not counted). */
    public long files() {
        return files;
    }

    /** Their total size in bytes. */
    public long bytes() {
        return bytes;
    }

    /** Entries offered, directories included. */
    public int entries() {
        return items.size();
    }
}
