package dev.tft.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A raw control-socket client for tests: writes lines, reads lines, nothing else. */
final class Uds implements AutoCloseable {
    final SocketChannel channel;
    private final BufferedReader reader;

    Uds(Path socket) throws IOException {
        channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        channel.connect(UnixDomainSocketAddress.of(socket));
        reader =
                new BufferedReader(
                        new InputStreamReader(
                                Channels.newInputStream(channel), StandardCharsets.UTF_8));
    }

    void send(String line) throws IOException {
        ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            channel.write(b);
        }
    }

    String read() throws IOException {
        return reader.readLine();
    }

    /** One request, one reply line. */
    static String ask(Path socket, String line) throws IOException {
        try (Uds u = new Uds(socket)) {
            u.send(line);
            return u.read();
        }
    }

    /** Reads lines until one contains {@code "event":"done"} or {@code "event":"error"}, or EOF. */
    List<String> readEvents() throws IOException {
        List<String> lines = new ArrayList<>();
        String l;
        while ((l = reader.readLine()) != null) {
            lines.add(l);
            if (l.contains("\"event\":\"done\"") || l.contains("\"event\":\"error\"")) {
                break;
            }
        }
        return lines;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
