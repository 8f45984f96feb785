package dev.tft.transfer;

import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A scripted native (or hostile) peer on a plain {@link Socket}, for fault injection. Not
 * thread-safe.
 */
final class RawPeer implements AutoCloseable {
    final Socket socket = new Socket();
    private final DataInputStream in;
    private final OutputStream out;

    RawPeer(InetSocketAddress target) throws IOException {
        this(target, null);
    }

    /**
     * Connects from {@code local} (e.g. 127.0.0.2, another "host" on loopback), or any address when
     * null.
     */
    RawPeer(InetSocketAddress target, java.net.InetAddress local) throws IOException {
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(target, 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    RawPeer header() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Protocol.SESSION_HEADER_SIZE);
        WireCodec.encodeSessionHeader(new SessionHeader(1, "raw-peer", "Raw"), b);
        return raw(b.array());
    }

    RawPeer send(Frame f) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Protocol.FRAME_HEADER_SIZE + Protocol.MAX_FRAME_BODY);
        WireCodec.encode(f, b);
        return raw(Arrays.copyOf(b.array(), b.position()));
    }

    RawPeer raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    Frame read() throws IOException {
        byte[] head = new byte[Protocol.FRAME_HEADER_SIZE];
        in.readFully(head);
        int len = ByteBuffer.wrap(head).getInt(1);
        byte[] all = Arrays.copyOf(head, Protocol.FRAME_HEADER_SIZE + len);
        in.readFully(all, Protocol.FRAME_HEADER_SIZE, len);
        return WireCodec.decode(ByteBuffer.wrap(all));
    }

    /** Reads the HELLO that follows an accepted header. */
    RawPeer hello() throws IOException {
        Frame f = read();
        if (!(f instanceof Frame.Hello)) {
            throw new AssertionError("expected HELLO, got " + f);
        }
        return this;
    }

    /** True if the receiver closed (EOF or reset) before sending another byte. */
    boolean closedByReceiver() throws IOException {
        try {
            return in.read() < 0;
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    static Frame.Offer fileOffer(String path, long size, boolean eager, byte[] resumeId) {
        return new Frame.Offer(
                Protocol.KIND_FILE, eager, Protocol.ALG_CRC32C, size, 0, resumeId, path);
    }

    static byte[] crc(byte[] data) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(data);
        return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
