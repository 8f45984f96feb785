package dev.tft.transfer.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Body layouts of each frame type (see the diagram in {@link WireCodec}). Package-private,
 * stateless.
 */
final class FrameBodies {
    private FrameBodies() {}

    static Frame decode(int type, ByteBuffer b) throws ProtocolException {
        switch (type) {
            case Protocol.T_OFFER:
                return offer(b);
            case Protocol.T_CHECKSUM:
                {
                    int alg = Byte.toUnsignedInt(b.get());
                    int n = Protocol.digestLength(alg);
                    if (n < 0) {
                        throw new ProtocolException(
                                Protocol.E_UNSUPPORTED_CHECKSUM, "checksum algorithm " + alg);
                    }
                    byte[] d = new byte[n];
                    b.get(d);
                    return new Frame.Checksum(alg, d);
                }
            case Protocol.T_END:
                return new Frame.End();
            case Protocol.T_SUMMARY:
                {
                    long files = Integer.toUnsignedLong(b.getInt());
                    long bytes = b.getLong();
                    if (bytes < 0) {
                        throw new ProtocolException(Protocol.E_PROTOCOL_ERROR, "SUMMARY bytes < 0");
                    }
                    int count = Byte.toUnsignedInt(b.get());
                    if (count > Protocol.SUMMARY_MAX_NAMES) {
                        throw new ProtocolException(
                                Protocol.E_PROTOCOL_ERROR, "SUMMARY with " + count + " names");
                    }
                    List<String> names = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        names.add(text(b, Byte.toUnsignedInt(b.get()), "summary name"));
                    }
                    return new Frame.Summary(files, bytes, names);
                }
            case Protocol.T_PAIR:
                {
                    int step = Byte.toUnsignedInt(b.get());
                    byte[] data = new byte[b.remaining()];
                    b.get(data);
                    return new Frame.Pair(step, data);
                }
            case Protocol.T_PENDING:
                return new Frame.Pending(Integer.toUnsignedLong(b.getInt()));
            case Protocol.T_HELLO:
                {
                    int version = Short.toUnsignedInt(b.getShort());
                    int idLen = Byte.toUnsignedInt(b.get());
                    int nameLen = Byte.toUnsignedInt(b.get());
                    String id = text(b, idLen, "peerId");
                    return new Frame.Hello(version, id, text(b, nameLen, "displayName"));
                }
            case Protocol.T_ACCEPT:
                return new Frame.Accept(b.getLong());
            case Protocol.T_REJECT:
                return new Frame.Reject(
                        Short.toUnsignedInt(b.getShort()),
                        text(b, Short.toUnsignedInt(b.getShort()), "message"));
            case Protocol.T_STORED:
                return new Frame.Stored(text(b, Short.toUnsignedInt(b.getShort()), "storedPath"));
            case Protocol.T_FAILED:
                return new Frame.Failed(
                        Short.toUnsignedInt(b.getShort()),
                        text(b, Short.toUnsignedInt(b.getShort()), "message"));
            default:
                throw new ProtocolException(
                        Protocol.E_PROTOCOL_ERROR, "unknown frame type " + type);
        }
    }

    private static Frame offer(ByteBuffer b) throws ProtocolException {
        int kind = Byte.toUnsignedInt(b.get());
        int flags = Byte.toUnsignedInt(b.get());
        int alg = Byte.toUnsignedInt(b.get());
        int reserved = Byte.toUnsignedInt(b.get());
        if ((flags & ~Protocol.FLAG_EAGER) != 0 || reserved != 0) {
            throw new ProtocolException(
                    Protocol.E_PROTOCOL_ERROR, "OFFER flags " + flags + " / reserved " + reserved);
        }
        if (kind == Protocol.KIND_FILE && Protocol.digestLength(alg) < 0) {
            throw new ProtocolException(
                    Protocol.E_UNSUPPORTED_CHECKSUM, "checksum algorithm " + alg);
        }
        long size = b.getLong();
        long mtime = b.getLong();
        byte[] resumeId = new byte[Protocol.RESUME_ID_SIZE];
        b.get(resumeId);
        int pathLen = Short.toUnsignedInt(b.getShort());
        String path = text(b, pathLen, "path");
        return new Frame.Offer(
                kind, (flags & Protocol.FLAG_EAGER) != 0, alg, size, mtime, resumeId, path);
    }

    private static String text(ByteBuffer b, int len, String field) throws ProtocolException {
        if (len > b.remaining()) {
            throw new ProtocolException(
                    Protocol.E_PROTOCOL_ERROR, field + " length " + len + " beyond frame");
        }
        ByteBuffer s = b.slice(b.position(), len);
        b.position(b.position() + len);
        return WireCodec.utf8(s, Protocol.E_PROTOCOL_ERROR, field);
    }

    /** Writes the body of {@code f}; returns its type byte. */
    static int encode(Frame f, ByteBuffer out) {
        if (f instanceof Frame.Offer o) {
            out.put((byte) o.kind())
                    .put((byte) (o.eager() ? Protocol.FLAG_EAGER : 0))
                    .put((byte) o.checksumAlg())
                    .put((byte) 0)
                    .putLong(o.size())
                    .putLong(o.mtimeMillis())
                    .put(o.resumeId());
            putText16(out, o.path());
            return Protocol.T_OFFER;
        } else if (f instanceof Frame.Checksum c) {
            out.put((byte) c.alg()).put(c.digest());
            return Protocol.T_CHECKSUM;
        } else if (f instanceof Frame.End) {
            return Protocol.T_END;
        } else if (f instanceof Frame.Summary sum) {
            out.putInt((int) sum.files()).putLong(sum.bytes()).put((byte) sum.names().size());
            for (String n : sum.names()) {
                byte[] b = n.getBytes(StandardCharsets.UTF_8);
                out.put((byte) b.length).put(b);
            }
            return Protocol.T_SUMMARY;
        } else if (f instanceof Frame.Pair p) {
            out.put((byte) p.step()).put(p.data());
            return Protocol.T_PAIR;
        } else if (f instanceof Frame.Pending p) {
            out.putInt((int) p.timeoutSeconds());
            return Protocol.T_PENDING;
        } else if (f instanceof Frame.Hello h) {
            byte[] id = h.peerId().getBytes(StandardCharsets.UTF_8);
            byte[] name = h.displayName().getBytes(StandardCharsets.UTF_8);
            out.putShort((short) h.version())
                    .put((byte) id.length)
                    .put((byte) name.length)
                    .put(id)
                    .put(name);
            return Protocol.T_HELLO;
        } else if (f instanceof Frame.Accept a) {
            out.putLong(a.offset());
            return Protocol.T_ACCEPT;
        } else if (f instanceof Frame.Reject r) {
            out.putShort((short) r.code());
            putText16(out, r.message());
            return Protocol.T_REJECT;
        } else if (f instanceof Frame.Stored s) {
            putText16(out, s.storedPath());
            return Protocol.T_STORED;
        } else {
            Frame.Failed x = (Frame.Failed) f;
            out.putShort((short) x.code());
            putText16(out, x.message());
            return Protocol.T_FAILED;
        }
    }

    private static void putText16(ByteBuffer out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.putShort((short) b.length).put(b);
    }
}
