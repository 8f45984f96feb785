package dev.tft.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A parsed command line for one command: boolean flags and positional arguments. Flags may appear
 * anywhere; {@code --} ends them (so a path may start with {@code -}). Immutable.
 */
final class Args {
    private final Set<String> flags;
    private final List<String> positional;

    private Args(Set<String> flags, List<String> positional) {
        this.flags = Set.copyOf(flags);
        this.positional = List.copyOf(positional);
    }

    /**
     * Parses {@code args} for {@code command}, which accepts the given flags (plus {@code -h} and
     * {@code --help}).
     *
     * @throws CliException {@link ExitCode#USAGE} for an unknown option
     */
    static Args parse(String command, List<String> args, Set<String> allowed) throws CliException {
        Set<String> flags = new HashSet<>();
        List<String> positional = new ArrayList<>();
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && (a.equals("-h") || a.equals("--help"))) {
                flags.add("--help");
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
        return new Args(flags, positional);
    }

    boolean has(String flag) {
        return flags.contains(flag);
    }

    List<String> positional() {
        return positional;
    }

    /** Shows a user-typed argument in a message: escaped (it may hold controls) and quoted. */
    static String quote(String arg) {
        return "\"" + dev.tft.control.Escape.forTerminal(arg, 80) + "\"";
    }
}
