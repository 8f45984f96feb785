package dev.tft.control;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads {@code '\n'}-terminated UTF-8 lines with a bound on their length, so a peer cannot make us
 * buffer without limit. A trailing {@code '\r'} is dropped; a last line without a newline is
 * returned at EOF.
 *
 * <p>Not thread-safe: one reader thread at a time. After a {@link ControlException} the position in
 * the stream is undefined: the caller should answer with an error and close the connection.
 */
public final class JsonLineReader {
    /** Default bound: {@link ControlCodec#MAX_LINE_BYTES}. */
    public static final int DEFAULT_MAX_LINE_BYTES = ControlCodec.MAX_LINE_BYTES;

    /** Where bytes come from: an InputStream or a blocking channel. */
    private interface Source {
        int read(byte[] b, int off, int len) throws IOException;
    }

    // Named classes, not lambdas: each lambda costs the CLI start-up time (no AppCDS by default).
    private static final class StreamSource implements Source {
        private final InputStream in;

        StreamSource(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, len);
        }
    }

    private static final class ChannelSource implements Source {
        private final ReadableByteChannel in;

        ChannelSource(ReadableByteChannel in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(ByteBuffer.wrap(b, off, len));
        }
    }

    private final Source source;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[8192];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int lineLength;

    private JsonLineReader(Source source, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be >= 1, got " + maxLineBytes);
        }
        this.source = source;
        this.maxLineBytes = maxLineBytes;
    }

    /** Reads from {@code in} with lines of at most {@code maxLineBytes} bytes (excluding '\n'). */
    public JsonLineReader(InputStream in, int maxLineBytes) {
        this(new StreamSource(Objects.requireNonNull(in, "in")), maxLineBytes);
    }

    /** Reads from {@code in} with the default bound. */
    public JsonLineReader(InputStream in) {
        this(in, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Reads from a channel in blocking mode (a non-blocking channel would spin) with lines of at
     * most {@code maxLineBytes} bytes.
     */
    public JsonLineReader(ReadableByteChannel in, int maxLineBytes) {
        this(new ChannelSource(Objects.requireNonNull(in, "in")), maxLineBytes);
    }

    /** Reads from a blocking channel with the default bound. */
    public JsonLineReader(ReadableByteChannel in) {
        this(in, DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Returns the next line without its terminator, or null at EOF.
     *
     * @throws ControlException {@code bad_request} if the line is longer than the bound or is not
     *     valid UTF-8
     * @throws IOException if reading fails
     */
    public String readLine() throws IOException, ControlException {
        lineLength = 0;
        while (true) {
            if (pos == limit && !fill()) {
                return lineLength == 0 ? null : decode();
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n') {
                pos++;
            }
            append(start, pos - start);
            if (pos < limit) {
                pos++; // the '\n'
                return decode();
            }
        }
    }

    private boolean fill() throws IOException {
        int n;
        do {
            n = source.read(buffer, 0, buffer.length);
        } while (n == 0);
        pos = 0;
        limit = Math.max(n, 0);
        return n > 0;
    }

    private void append(int start, int count) throws ControlException {
        // The bound counts a '\r' that decode() drops; one byte of slack keeps CRLF lines at the
        // limit.
        if (lineLength + count > maxLineBytes + 1) {
            throw Json.bad("line longer than " + maxLineBytes + " bytes");
        }
        if (lineLength + count > line.length) {
            line =
                    Arrays.copyOf(
                            line,
                            Math.min(
                                    Math.max(line.length * 2, lineLength + count),
                                    maxLineBytes + 1));
        }
        System.arraycopy(buffer, start, line, lineLength, count);
        lineLength += count;
    }

    private String decode() throws ControlException {
        int n = lineLength;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        if (n > maxLineBytes) {
            throw Json.bad("line longer than " + maxLineBytes + " bytes");
        }
        CharsetDecoder decoder =
                StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(line, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw Json.bad("line is not valid UTF-8");
        }
    }
}
