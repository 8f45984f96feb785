package dev.tft.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which names a receiver stores: validate, never rewrite (PROTOCOL.md A §6). A component is
 * accepted only if, after NFC normalisation, it is 1–255 UTF-8 bytes; has no {@code / \ : * ? " < >
 * |}, NUL, C0/C1 control, DEL, format character (bidi controls, zero-width characters, BOM),
 * line/paragraph separator or unpaired surrogate; does not start with {@code .} (hidden files,
 * {@code .}, {@code ..}, and the reserved {@code .tft-} prefix) or {@code -} (argument injection);
 * does not end with {@code .} or space; and is not a reserved Windows device name ({@code CON},
 * {@code nul.txt}, {@code COM1.tar.gz}, {@code CONIN$}, {@code COM¹}, ...). A path is 1–64 such
 * components joined by {@code /}. Stateless and thread-safe.
 */
public final class NamePolicy {
    private NamePolicy() {}

    /** Longest component, in UTF-8 bytes (NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;

    /** Most components in a relative path. */
    public static final int MAX_DEPTH = 64;

    /** Prefix of the receiver's own temp entries; never a valid name (it starts with '.'). */
    public static final String RESERVED_PREFIX = ".tft-";

    private static final String FORBIDDEN = "/\\:*?\"<>|";
    private static final Set<String> DEVICES =
            Set.of("CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$");

    /** A refused name; the message says which rule failed (it never contains the name itself). */
    public static final class BadNameException extends Exception {
        private static final long serialVersionUID = 1L;

        BadNameException(String reason) {
            super(reason);
        }
    }

    /**
     * Decodes {@code bytes} as strict UTF-8 (overlong {@code C0 AE} is refused, never read as '.')
     * and checks it.
     */
    public static String accept(byte[] bytes) throws BadNameException {
        String s;
        try {
            s =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (CharacterCodingException e) {
            throw new BadNameException("not valid UTF-8");
        }
        return component(s);
    }

    /**
     * Checks one top-level component (a file or directory created directly in the inbox); returns
     * its NFC form. A leading '.' is refused here: a hidden file or folder in the inbox would
     * surprise the user, and the receiver's own temps use the {@link #RESERVED_PREFIX}.
     */
    public static String component(String name) throws BadNameException {
        return common(name, false);
    }

    /**
     * Checks a component below a pushed directory ({@code photos/.git}); returns its NFC form. The
     * same rules as {@link #component} except that a leading '.' is allowed: dotfiles inside a
     * project folder are ordinary content, and temps never live below the inbox root. {@code .} and
     * {@code ..} stay refused (they end in '.').
     */
    public static String nested(String name) throws BadNameException {
        return common(name, true);
    }

    private static String common(String name, boolean leadingDotAllowed) throws BadNameException {
        checkChars(name);
        String n = Normalizer.normalize(name, Normalizer.Form.NFC);
        checkChars(n);
        if (n.isEmpty()) {
            throw new BadNameException("empty name");
        }
        if (n.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new BadNameException("longer than 255 UTF-8 bytes");
        }
        char first = n.charAt(0);
        char last = n.charAt(n.length() - 1);
        if (first == '.' && (!leadingDotAllowed || n.equals(".") || n.equals(".."))) {
            throw new BadNameException("starts with '.'");
        }
        if (first == '-') {
            throw new BadNameException("starts with '-'");
        }
        if (last == '.' || last == ' ') {
            throw new BadNameException("ends with '.' or space");
        }
        if (isWindowsDevice(n)) {
            throw new BadNameException("reserved Windows device name");
        }
        return n;
    }

    /**
     * Checks a '/'-separated relative path: the first component by {@link #component}, the rest by
     * {@link #nested}; returns the NFC components (never empty).
     */
    public static List<String> path(String path) throws BadNameException {
        if (path.isEmpty()) {
            throw new BadNameException("empty path");
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        while (true) {
            int slash = path.indexOf('/', start);
            String part = slash < 0 ? path.substring(start) : path.substring(start, slash);
            out.add(out.isEmpty() ? component(part) : nested(part));
            if (out.size() > MAX_DEPTH) {
                throw new BadNameException("deeper than " + MAX_DEPTH + " components");
            }
            if (slash < 0) {
                return List.copyOf(out);
            }
            start = slash + 1;
        }
    }

    private static void checkChars(String s) throws BadNameException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (FORBIDDEN.indexOf(c) >= 0 || c == 0) {
                throw new BadNameException("contains a separator or a character Windows forbids");
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = s.codePointAt(i);
                i++;
                if (Character.getType(cp) == Character.FORMAT) {
                    throw new BadNameException("contains a format character");
                }
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new BadNameException("contains an unpaired surrogate");
            }
            int type = Character.getType(c);
            if (type == Character.CONTROL
                    || type == Character.FORMAT
                    || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) {
                throw new BadNameException("contains a control, bidi or zero-width character");
            }
        }
    }

    private static boolean isWindowsDevice(String n) {
        int dot = n.indexOf('.');
        String base = (dot < 0 ? n : n.substring(0, dot)).stripTrailing().toUpperCase(Locale.ROOT);
        if (DEVICES.contains(base)) {
            return true;
        }
        if (base.length() == 4 && (base.startsWith("COM") || base.startsWith("LPT"))) {
            char d = base.charAt(3);
            return (d >= '0' && d <= '9') || d == '\u00B9' || d == '\u00B2' || d == '\u00B3';
        }
        return false;
    }
}
