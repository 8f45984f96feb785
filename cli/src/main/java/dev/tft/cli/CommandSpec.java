package dev.tft.cli;

import java.util.List;
import java.util.Set;

/**
 * The command table: names, usage, flags and help text. Help output and the bash/zsh completion
 * scripts are generated from it, so they cannot drift from what the parser accepts.
 */
enum CommandSpec {
    PEERS(
            "peers",
            "tft peers [--json]",
            "list peers seen on the network",
            List.of(new Flag("--json", "print a JSON array instead of a table")),
            false,
            "Shows NAME, ADDRESS, OS, LAST SEEN and STATE of every peer, sorted by name."),
    PUSH(
            "push",
            "tft push PEER PATH... [--json]\n       tft push --raw HOST[:PORT] FILE",
            "send files and directories to a peer",
            List.of(
                    new Flag("--json", "print each event as a JSON line"),
                    new Flag("--raw", "send one file with the legacy header to a plain receiver")),
            true,
            "PEER is a peer name or id prefix (see `tft peers`). Exit status 0 means the receiver\n"
                    + "verified and stored every file. Ctrl-C cancels; pushing again resumes."),
    STATUS(
            "status",
            "tft status [--json]",
            "show the daemon's name, id, port, inbox and transfers",
            List.of(new Flag("--json", "print a JSON object")),
            false,
            ""),
    DAEMON(
            "daemon",
            "tft daemon [--name NAME] [--port PORT] [--inbox DIR] [--socket PATH]",
            "run the daemon in the foreground (started by the tft launcher)",
            List.of(),
            false,
            "Usually run by systemd (`systemctl --user start tft`) or launchd."),
    HELP(
            "help",
            "tft help [COMMAND]",
            "show help for tft or for one command",
            List.of(),
            false,
            ""),
    COMPLETION(
            "completion",
            "tft completion bash|zsh",
            "print a shell completion script",
            List.of(),
            false,
            "bash: source <(tft completion bash)    zsh: tft completion zsh > \"${fpath[1]}/_tft\"");

    /** A boolean option of a command. */
    record Flag(String name, String help) {}

    final String name;
    final String usage;
    final String summary;
    final List<Flag> flags;
    final boolean takesFiles;
    final String details;

    CommandSpec(
            String name,
            String usage,
            String summary,
            List<Flag> flags,
            boolean takesFiles,
            String details) {
        this.name = name;
        this.usage = usage;
        this.summary = summary;
        this.flags = flags;
        this.takesFiles = takesFiles;
        this.details = details;
    }

    /** The flag names this command accepts. */
    Set<String> flagNames() {
        java.util.HashSet<String> names = new java.util.HashSet<>();
        for (Flag f : flags) {
            names.add(f.name());
        }
        return names;
    }

    /** The command called {@code name}, or null. */
    static CommandSpec find(String name) {
        for (CommandSpec c : values()) {
            if (c.name.equals(name)) {
                return c;
            }
        }
        return null;
    }

    /** The full help text of this command. */
    String help() {
        StringBuilder out =
                new StringBuilder("usage: ")
                        .append(usage)
                        .append("\n\n")
                        .append(summary)
                        .append('\n');
        if (!details.isEmpty()) {
            out.append('\n').append(details).append('\n');
        }
        if (!flags.isEmpty()) {
            out.append("\noptions:\n");
            for (Flag f : flags) {
                out.append("  ").append(pad(f.name(), 10)).append(f.help()).append('\n');
            }
        }
        return out.toString();
    }

    /** The overview printed by {@code tft help}. */
    static String overview() {
        StringBuilder out =
                new StringBuilder(
                        "tft: send files to machines on your LAN\n\nusage: tft COMMAND [ARGS]\n\ncommands:\n");
        for (CommandSpec c : values()) {
            out.append("  ").append(pad(c.name, 12)).append(c.summary).append('\n');
        }
        return out.append("\n  tft --version   print the version\n")
                .append("\nRun `tft help COMMAND` for details. Exit codes follow sysexits(3);")
                .append(" see the README.\n")
                .toString();
    }

    static String pad(String s, int width) {
        StringBuilder out = new StringBuilder(s);
        while (out.length() < width) {
            out.append(' ');
        }
        return out.toString();
    }
}
