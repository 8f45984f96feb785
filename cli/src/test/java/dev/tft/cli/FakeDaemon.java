package dev.tft.cli;

import dev.tft.control.ControlException;
import dev.tft.control.JsonLineReader;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted stand-in for the daemon on a real Unix socket (fault injection: it can send garbage,
 * close early or hold the connection open). For each connection it reads one request line, records
 * it, writes the scripted lines, and then closes or (if {@code hold}) waits until the client
 * closes.
 */
final class FakeDaemon implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
    private final ServerSocketChannel server;

    FakeDaemon(Path socket, boolean hold, List<String> replyLines) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Thread t = new Thread(() -> serve(hold, replyLines), "fake-daemon");
        t.setDaemon(true);
        t.start();
    }

    static FakeDaemon replying(Path socket, String... lines) throws IOException {
        return new FakeDaemon(socket, false, List.of(lines));
    }

    private void serve(boolean hold, List<String> replyLines) {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                JsonLineReader reader = new JsonLineReader(ch);
                requests.add(reader.readLine());
                for (String line : replyLines) {
                    ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
                }
                if (hold) {
                    clientClosed.complete(reader.readLine() == null);
                }
            } catch (IOException | ControlException e) {
                clientClosed.complete(true);
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
