package dev.tft.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Test-only TCP proxy for one connection that forwards both ways and cuts the connection after
 * {@code limit} bytes from the client (fault injection for resume tests), or flips one bit of the
 * client's byte at a given offset (a man in the middle rewriting the stream). Closes itself when
 * the connection ends.
 */
final class CutProxy implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final long limit;
    private final long flipAt;

    CutProxy(InetSocketAddress target, long limit) throws IOException {
        this(target, limit, -1);
    }

    private CutProxy(InetSocketAddress target, long limit, long flipAt) throws IOException {
        this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        this.target = target;
        this.limit = limit;
        this.flipAt = flipAt;
        Thread t = new Thread(this::serve, "cut-proxy");
        t.setDaemon(true);
        t.start();
    }

    /**
     * A proxy that forwards everything but flips the lowest bit of the client's byte {@code at}.
     */
    static CutProxy tampering(InetSocketAddress target, long at) throws IOException {
        return new CutProxy(target, Long.MAX_VALUE, at);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    private void serve() {
        try (Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort())) {
            Thread back =
                    new Thread(() -> copy(upstream, client, Long.MAX_VALUE, -1), "cut-proxy-back");
            back.setDaemon(true);
            back.start();
            copy(client, upstream, limit, flipAt);
        } catch (IOException ignored) {
            // The cut is the point.
        }
    }

    private static void copy(Socket from, Socket to, long limit, long flipAt) {
        byte[] b = new byte[64 * 1024];
        long done = 0;
        try (Socket f = from;
                Socket t = to) {
            InputStream in = f.getInputStream();
            OutputStream out = t.getOutputStream();
            while (done < limit) {
                int n = in.read(b, 0, (int) Math.min(b.length, limit - done));
                if (n < 0) {
                    break;
                }
                if (flipAt >= done && flipAt < done + n) {
                    b[(int) (flipAt - done)] ^= 1;
                }
                out.write(b, 0, n);
                done += n;
            }
        } catch (IOException ignored) {
            // Either side going away ends the copy.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
