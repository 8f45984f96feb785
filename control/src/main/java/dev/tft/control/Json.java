package dev.tft.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jackson-core plumbing: a tiny tree parser (objects become {@code Map<String,Object>}, arrays
 * {@code List<Object>}, numbers {@code Long} or {@code Double}, JSON null {@code null}) with the
 * protocol's bounds, and a compact writer. No databind: it would add ~160 ms to CLI start-up.
 */
final class Json {
    /** Maximum nesting depth of objects and arrays; the root object is depth 1. */
    static final int MAX_DEPTH = 32;

    /**
     * Maximum request line length in bytes (UTF-8, without the newline): what the daemon accepts.
     */
    static final int MAX_LINE_BYTES = 64 * 1024;

    /**
     * Maximum reply or event line a client accepts. Larger than a request: a {@code done} event
     * lists every stored file (10,000 files are about 600 KB) and {@code peers} up to 256 peers.
     */
    static final int MAX_REPLY_LINE_BYTES = 64 * 1024 * 1024;

    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    // A duplicate key is ambiguous (which one wins?) and so is rejected.
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // Our own depth check below gives the clear message; this one is a backstop.
                    .streamReadConstraints(
                            StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
                    .build();

    private Json() {}

    /** Writes one compact JSON value with {@code body}. */
    interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    static JsonGenerator generator(java.io.Writer out) throws IOException {
        return FACTORY.createGenerator(out);
    }

    static String write(Body body) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a StringWriter cannot fail", e);
        }
        return out.toString();
    }

    /**
     * Parses {@code line} as exactly one JSON object.
     *
     * @throws ControlException {@code bad_request} for anything else: syntax errors, trailing data,
     *     duplicate keys, depth over {@link #MAX_DEPTH}, a line over {@code maxChars}
     */
    static JsonObject parseObject(String line, String what, int maxChars) throws ControlException {
        if (line.length() > maxChars) {
            throw bad(what + " longer than " + maxChars + " bytes");
        }
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad(what + " is not a JSON object");
            }
            Object root = readValue(p, 1);
            if (p.nextToken() != null) {
                throw bad(what + " has data after the JSON object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) root;
            return new JsonObject(map, what);
        } catch (JsonProcessingException e) {
            throw bad(what + " is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw bad(what + " could not be read: " + e.getMessage());
        }
    }

    private static Object readValue(JsonParser p, int depth) throws IOException, ControlException {
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT:
            case START_ARRAY:
                if (depth > MAX_DEPTH) {
                    throw bad("JSON nested deeper than " + MAX_DEPTH);
                }
                return t == JsonToken.START_OBJECT ? readObject(p, depth) : readArray(p, depth);
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw bad("number out of range: " + p.getText());
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw bad("unexpected JSON token " + t);
        }
    }

    private static Map<String, Object> readObject(JsonParser p, int depth)
            throws IOException, ControlException {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            map.put(name, readValue(p, depth + 1));
        }
        return map;
    }

    private static List<Object> readArray(JsonParser p, int depth)
            throws IOException, ControlException {
        List<Object> list = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            list.add(readValue(p, depth + 1));
        }
        return list;
    }

    static ControlException bad(String message) {
        return new ControlException(ControlError.Code.BAD_REQUEST, message);
    }
}
