package dev.tft.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The parsed command line of {@code tft daemon}. Parsing only: no defaults, no file access; {@link
 * ConfigLoader} layers these over the environment and the config file.
 */
record DaemonArgs(
        Optional<String> name,
        Optional<String> port,
        Optional<String> bind,
        Optional<String> inbox,
        Optional<String> socket,
        Optional<String> config,
        Optional<String> stateDir,
        boolean loopbackOnly,
        Optional<String> mdnsPort,
        List<String> staticPeers,
        List<String> interfaces,
        Optional<String> accept,
        boolean noNotify,
        boolean help,
        boolean version) {

    static final String USAGE =
            String.join(
                    "\n",
                    "usage: tft daemon [options]   (runs in the foreground; service managers start it)",
                    "  --name NAME               peer name (default: short host name)",
                    "  --port PORT               transfer port (default 5001; 0 = any free port)",
                    "  --bind ADDR               transfer bind address (default: all)",
                    "  --inbox DIR               receive folder (default: ~/Downloads/tft)",
                    "  --socket PATH             control socket (default: $XDG_RUNTIME_DIR/tft/tft.sock)",
                    "  --config FILE             config file (default: ~/.config/tft/config.json)",
                    "  --state-dir DIR           state folder (default: ~/.local/state/tft)",
                    "  --loopback-only           mDNS on 127.0.0.1 only (tests; never multicasts on a LAN)",
                    "  --mdns-port N             mDNS UDP port (default 5353)",
                    "  --static-peer HOST[:PORT] a peer to check without multicast (repeatable)",
                    "  --interface NAME          limit mDNS to this interface (repeatable)",
                    "  --accept POLICY           trusted | ask | anyone (default ask): whose pushes are stored",
                    "  --no-notify               no desktop notifications",
                    "  --version, --help");

    DaemonArgs {
        staticPeers = List.copyOf(staticPeers);
        interfaces = List.copyOf(interfaces);
    }

    /**
     * Parses {@code args} (without the leading {@code daemon}); accepts {@code --flag value} and
     * {@code --flag=value}.
     */
    static DaemonArgs parse(String[] args) throws ConfigException {
        Parser p = new Parser();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            switch (arg) {
                case "--loopback-only" -> p.loopbackOnly = true;
                case "--no-notify" -> p.noNotify = true;
                case "--help", "-h" -> p.help = true;
                case "--version", "-V" -> p.version = true;
                case "--name",
                        "--port",
                        "--bind",
                        "--inbox",
                        "--socket",
                        "--config",
                        "--state-dir",
                        "--mdns-port",
                        "--static-peer",
                        "--interface",
                        "--accept" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new ConfigException(
                                    "option " + arg + " needs a value (see tft daemon --help)");
                        }
                        value = args[++i];
                    }
                    p.set(arg, value);
                }
                default ->
                        throw new ConfigException(
                                "unknown option '" + arg + "' (see tft daemon --help)");
            }
        }
        return p.build();
    }

    private static final class Parser {
        String name, port, bind, inbox, socket, config, stateDir, mdnsPort, accept;
        boolean loopbackOnly, noNotify, help, version;
        final List<String> staticPeers = new ArrayList<>();
        final List<String> interfaces = new ArrayList<>();

        void set(String flag, String value) {
            switch (flag) {
                case "--name" -> name = value;
                case "--port" -> port = value;
                case "--bind" -> bind = value;
                case "--inbox" -> inbox = value;
                case "--socket" -> socket = value;
                case "--config" -> config = value;
                case "--state-dir" -> stateDir = value;
                case "--mdns-port" -> mdnsPort = value;
                case "--static-peer" -> staticPeers.add(value);
                case "--interface" -> interfaces.add(value);
                case "--accept" -> accept = value;
                default -> throw new IllegalStateException(flag);
            }
        }

        DaemonArgs build() {
            return new DaemonArgs(
                    Optional.ofNullable(name),
                    Optional.ofNullable(port),
                    Optional.ofNullable(bind),
                    Optional.ofNullable(inbox),
                    Optional.ofNullable(socket),
                    Optional.ofNullable(config),
                    Optional.ofNullable(stateDir),
                    loopbackOnly,
                    Optional.ofNullable(mdnsPort),
                    staticPeers,
                    interfaces,
                    Optional.ofNullable(accept),
                    noNotify,
                    help,
                    version);
        }
    }
}
