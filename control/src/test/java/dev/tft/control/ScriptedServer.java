package dev.tft.control;

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
 * A test double standing in for the daemon on a real Unix socket: for each connection it reads one
 * request line, records it, writes the scripted lines and closes (unless told to hold).
 */
final class ScriptedServer implements AutoCloseable {
    final List<String> requests = new CopyOnWriteArrayList<>();
    final CompletableFuture<Boolean> clientClosed = new CompletableFuture<>();
    private final ServerSocketChannel server;
    private final Thread thread;

    ScriptedServer(Path socket, boolean holdOpen, String... replyLines) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        thread = new Thread(() -> serve(holdOpen, replyLines), "scripted-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(boolean holdOpen, String[] replyLines) {
        try (SocketChannel ch = server.accept()) {
            JsonLineReader reader = new JsonLineReader(ch);
            requests.add(reader.readLine());
            for (String line : replyLines) {
                ch.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
            }
            if (holdOpen) {
                // Returns null (EOF) or throws once the client closes its end.
                clientClosed.complete(reader.readLine() == null);
            }
        } catch (IOException | ControlException e) {
            clientClosed.complete(true);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
