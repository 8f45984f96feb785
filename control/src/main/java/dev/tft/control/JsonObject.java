package dev.tft.control;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Typed, validating access to a parsed JSON object. Every accessor throws a {@code bad_request}
 * {@link ControlException} naming the field when it is missing or has the wrong type. Unknown
 * fields are ignored (forward compatibility).
 */
final class JsonObject {
    private final Map<String, Object> fields;
    private final String where;

    JsonObject(Map<String, Object> fields, String where) {
        this.fields = fields;
        this.where = where;
    }

    boolean has(String name) {
        return fields.containsKey(name);
    }

    String string(String name) throws ControlException {
        return typed(name, String.class, "a string");
    }

    /** A string, or null if the field is absent or JSON null. */
    String optionalString(String name) throws ControlException {
        return fields.get(name) == null ? null : string(name);
    }

    boolean bool(String name) throws ControlException {
        return typed(name, Boolean.class, "true or false");
    }

    boolean optionalBool(String name, boolean absent) throws ControlException {
        return has(name) ? bool(name) : absent;
    }

    long integer(String name) throws ControlException {
        return typed(name, Long.class, "an integer");
    }

    int intValue(String name) throws ControlException {
        long v = integer(name);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw wrong(name, "an int");
        }
        return (int) v;
    }

    double number(String name) throws ControlException {
        Object v = fields.get(name);
        if (v instanceof Number) {
            return ((Number) v).doubleValue();
        }
        throw wrong(name, "a number");
    }

    /** An ISO-8601 instant such as {@code 2026-11-27T01:02:03Z}, or null if absent or null. */
    Instant optionalInstant(String name) throws ControlException {
        String s = optionalString(name);
        try {
            return s == null ? null : Instants.parse(s);
        } catch (DateTimeException e) {
            throw wrong(name, "an ISO-8601 instant");
        }
    }

    /** A required ISO-8601 instant. */
    Instant instant(String name) throws ControlException {
        string(name);
        return optionalInstant(name);
    }

    /** An object, or null if the field is absent or JSON null. */
    JsonObject optionalObject(String name) throws ControlException {
        return fields.get(name) == null ? null : object(name);
    }

    JsonObject object(String name) throws ControlException {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = typed(name, Map.class, "an object");
        return new JsonObject(m, where + "." + name);
    }

    List<String> strings(String name) throws ControlException {
        List<String> out = new ArrayList<>();
        for (Object o : list(name)) {
            if (!(o instanceof String)) {
                throw wrong(name, "an array of strings");
            }
            out.add((String) o);
        }
        return out;
    }

    /** An array of objects; absent counts as empty only if {@code optional}. */
    List<JsonObject> objects(String name, boolean optional) throws ControlException {
        if (optional && fields.get(name) == null) {
            return List.of();
        }
        List<JsonObject> out = new ArrayList<>();
        for (Object o : list(name)) {
            if (!(o instanceof Map)) {
                throw wrong(name, "an array of objects");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            out.add(new JsonObject(m, where + "." + name + "[]"));
        }
        return out;
    }

    private List<?> list(String name) throws ControlException {
        return typed(name, List.class, "an array");
    }

    private <T> T typed(String name, Class<T> type, String expected) throws ControlException {
        Object v = fields.get(name);
        if (!type.isInstance(v)) {
            throw wrong(name, expected);
        }
        return type.cast(v);
    }

    ControlException wrong(String name, String expected) {
        String problem = fields.containsKey(name) ? "must be " + expected : "is missing";
        return Json.bad(where + ": field \"" + name + "\" " + problem);
    }
}
