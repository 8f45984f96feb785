package dev.tft.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed command line for one command: boolean flags, options that take a value ({@code -n 5})
 * and positional arguments. Flags and options may appear anywhere; {@code --} ends them (so a path
 * may start with {@code -}). A repeated option keeps its last value. Immutable.
 */
final class Args {
    private final Set<String> flags;
    private final Map<String, String> values;
    private final List<String> positional;

    private Args(Set<String> flags, Map<String, String> values, List<String> positional) {
        this.flags = Set.copyOf(flags);
        this.values = Map.copyOf(values);
        this.positional = List.copyOf(positional);
    }

    /**
     * Parses {@code args} for {@code command}, which accepts the boolean flags {@code allowed}
     * (plus {@code -h} and {@code --help}) and the options {@code valued}, each followed by its
     * value as the next argument.
     *
     * @throws CliException {@link ExitCode#USAGE} for an unknown option or a missing value
     */
    static Args parse(String command, List<String> args, Set<String> allowed, Set<String> valued)
            throws CliException {
        Set<String> flags = new HashSet<>();
        Map<String, String> values = new HashMap<>();
        List<String> positional = new ArrayList<>();
        boolean options = true;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (options && a.equals("--")) {
                options = false;
            } else if (options && (a.equals("-h") || a.equals("--help"))) {
                flags.add("--help");
            } else if (options && valued.contains(a)) {
                if (i + 1 == args.size()) {
                    throw CliException.usage("option " + a + " needs a value", command);
                }
                values.put(a, args.get(++i));
            } else if (options && a.startsWith("-") && a.length() > 1) {
                if (!allowed.contains(a)) {
                    throw CliException.usage(
                            "unknown option " + quote(a) + " for " + command, command);
                }
                flags.add(a);
            } else {
                positional.add(a);
            }
        }
        return new Args(flags, values, positional);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    /** The value of option {@code name}, or null if it was not given. */
    String value(String name) {
        return values.get(name);
    }

    List<String> positional() {
        return positional;
    }

    /** Shows a user-typed argument in a message: escaped (it may hold controls) and quoted. */
    static String quote(String arg) {
        return "\"" + dev.tft.control.Escape.forTerminal(arg, 80) + "\"";
    }
}
