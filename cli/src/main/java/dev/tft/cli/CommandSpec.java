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
            "show the daemon's name, id, policy, port, inbox and transfers",
            List.of(new Flag("--json", "print a JSON object")),
            false,
            ""),
    PENDING(
            "pending",
            "tft pending [--json]",
            "list pushes waiting for you to accept or reject them",
            List.of(new Flag("--json", "print a JSON array instead of a table")),
            false,
            "With the policy `ask` (the default) a push from a peer you do not trust waits here\n"
                    + "until you accept or reject it, or until it expires. Shows OFFER, FROM, FILES,\n"
                    + "SIZE, NAMES and AGE."),
    ACCEPT(
            "accept",
            "tft accept [OFFER] [--trust]",
            "store a pending push",
            List.of(new Flag("--trust", "also trust the sender's key from now on")),
            false,
            "OFFER is an id from `tft pending`; without it, the only pending offer. A legacy push\n"
                    + "carries no key, so it cannot be trusted."),
    REJECT(
            "reject",
            "tft reject [OFFER]",
            "refuse a pending push",
            List.of(),
            false,
            "OFFER is an id from `tft pending`; without it, the only pending offer. The sender is\n"
                    + "told that you refused."),
    OPEN(
            "open",
            "tft open [DURATION]\n       tft open --off",
            "accept pushes from anyone for a while",
            List.of(new Flag("--off", "close the open window now")),
            false,
            "DURATION is 90s, 10m, 1h or plain seconds, at most 24h; the default is 10m. When it\n"
                    + "ends (or after --off) the configured policy applies again."),
    TRUST(
            "trust",
            "tft trust [--json]\n       tft trust PEER [--json]",
            "list trusted peers, or trust a peer's key",
            List.of(new Flag("--json", "print a JSON array")),
            false,
            "Pushes from a trusted peer are stored without asking. `tft trust PEER` trusts the key\n"
                    + "PEER presents now (trust on first use): compare the fingerprint it prints with\n"
                    + "the one `tft status` shows on PEER."),
    UNTRUST(
            "untrust",
            "tft untrust PEER",
            "stop trusting a peer",
            List.of(),
            false,
            "PEER is the name, the id or an id prefix (6 or more characters) of a trusted peer\n"
                    + "(see `tft trust`)."),
    HISTORY(
            "history",
            "tft history [-n N] [--json]",
            "list recent pushes, received and sent",
            List.of(
                    new Flag("--json", "print a JSON array instead of a table"),
                    new Flag("-n", "show the N most recent (default 20, at most 10000)", "N")),
            false,
            "Newest first: TIME, DIR (in or out), PEER, FILES, SIZE, RESULT and NAMES (the names\n"
                    + "stored, or why the push did not go through)."),
    PAIR(
            "pair",
            "tft pair PEER [--yes]",
            "pair with a peer by comparing a six-digit code",
            List.of(new Flag("--yes", "confirm the code without asking (compare it another way)")),
            false,
            "Run it on both machines within two minutes. Both print the same six-digit code; say\n"
                    + "yes on each side only if the other screen shows the same code. Then each\n"
                    + "trusts the other's key: pushes between them are stored without asking."),
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

    /**
     * An option of a command.
     *
     * @param name {@code --json}, {@code -n}
     * @param help one line
     * @param arg the name of its value ({@code N}), or {@code ""} for a boolean flag
     */
    record Flag(String name, String help, String arg) {
        /** A boolean flag. */
        Flag(String name, String help) {
            this(name, help, "");
        }

        boolean takesValue() {
            return !arg.isEmpty();
        }
    }

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

    /** The boolean flags this command accepts. */
    Set<String> flagNames() {
        return names(false);
    }

    /** The options with a value this command accepts. */
    Set<String> optionNames() {
        return names(true);
    }

    private Set<String> names(boolean valued) {
        java.util.HashSet<String> names = new java.util.HashSet<>();
        for (Flag f : flags) {
            if (f.takesValue() == valued) {
                names.add(f.name());
            }
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
                String name = f.takesValue() ? f.name() + " " + f.arg() : f.name();
                out.append("  ").append(pad(name, 10)).append(f.help()).append('\n');
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
