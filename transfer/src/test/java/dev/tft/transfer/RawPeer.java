package dev.tft.transfer;

import dev.tft.transfer.tls.TlsContexts;
import dev.tft.transfer.wire.Frame;
import dev.tft.transfer.wire.Protocol;
import dev.tft.transfer.wire.SessionHeader;
import dev.tft.transfer.wire.WireCodec;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * A scripted native (or hostile) peer, for fault injection: connects in clear text ({@link #raw}
 * writes any bytes), and {@link #tls()} / {@link #header()} switch to TLS 1.3 with {@link
 * Fixture#ALICE}'s device key, as a real sender does. Not thread-safe.
 */
final class RawPeer implements AutoCloseable {
    final Socket socket = new Socket();
    private Socket current = socket;
    private DataInputStream in;
    private OutputStream out;

    RawPeer(InetSocketAddress target) throws IOException {
        this(target, null);
    }

    /**
     * Connects from {@code local} (e.g. 127.0.0.2, another "host" on loopback), or any address when
     * null.
     */
    RawPeer(InetSocketAddress target, InetAddress local) throws IOException {
        if (local != null) {
            socket.bind(new InetSocketAddress(local, 0));
        }
        socket.connect(target, 5_000);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** Runs the TLS 1.3 client handshake as {@code self}; later bytes travel inside TLS. */
    RawPeer tls(LocalIdentity self) throws IOException {
        SSLContext ctx =
                TlsContexts.create(self.device().privateKey(), self.device().certificate());
        SSLSocket t =
                (SSLSocket)
                        ctx.getSocketFactory()
                                .createSocket(
                                        socket,
                                        socket.getInetAddress().getHostAddress(),
                                        socket.getPort(),
                                        true);
        t.setUseClientMode(true);
        t.setEnabledProtocols(new String[] {"TLSv1.3"});
        t.startHandshake();
        current = t;
        in = new DataInputStream(t.getInputStream());
        out = t.getOutputStream();
        return this;
    }

    /** Like {@link #tls(LocalIdentity)} as {@link Fixture#ALICE}. */
    RawPeer tls() throws IOException {
        return tls(Fixture.ALICE);
    }

    /** TLS as ALICE, then a native session header naming ALICE's key-derived id. */
    RawPeer header() throws IOException {
        return tls().header(Fixture.ALICE.peerId());
    }

    /**
     * Sends a native session header claiming {@code peerId} and an empty SUMMARY (in clear text
     * unless after tls()).
     */
    RawPeer header(String peerId) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(Protocol.SESSION_HEADER_SIZE);
        WireCodec.encodeSessionHeader(new SessionHeader(1, peerId, "Raw"), b);
        return raw(b.array()).send(new Frame.Summary(0, 0, List.of()));
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
        } catch (SSLException e) {
            return true; // a TLS alert or a cut record: the receiver ended the session
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    /**
     * Reads and drops whatever the receiver sends (a TLS alert, a server flight) until it closes;
     * false if the socket timeout passed first.
     */
    boolean drainsToClose() throws IOException {
        try {
            while (in.read() >= 0) {
                // Alerts and handshake records are not under test here.
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    static Frame.Offer fileOffer(String path, long size, boolean eager, byte[] resumeId) {
        return new Frame.Offer(
                Protocol.KIND_FILE, eager, Protocol.ALG_CRC32C, size, 0, resumeId, path);
    }

    static byte[] crc(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return ByteBuffer.allocate(4).putInt((int) c.getValue()).array();
    }

    @Override
    public void close() throws IOException {
        current.close();
    }
}
