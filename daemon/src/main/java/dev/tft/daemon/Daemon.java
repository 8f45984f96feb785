package dev.tft.daemon;

import dev.tft.control.StatusView;
import dev.tft.control.TransferView;
import dev.tft.discovery.Discovery;
import dev.tft.discovery.DiscoveryConfig;
import dev.tft.discovery.MdnsDiscovery;
import dev.tft.discovery.PeerId;
import dev.tft.discovery.StaticPeer;
import dev.tft.transfer.IncomingPush;
import dev.tft.transfer.LocalIdentity;
import dev.tft.transfer.ReceivedFile;
import dev.tft.transfer.Receiver;
import dev.tft.transfer.ReceiverConfig;
import dev.tft.transfer.ReceiverListener;
import dev.tft.transfer.Sender;
import dev.tft.transfer.SenderOptions;
import dev.tft.transfer.TransferError;
import dev.tft.transfer.tls.DeviceIdentity;
import dev.tft.transfer.tls.IdentityException;
import dev.tft.transfer.tls.IdentityStore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: claims the control socket, starts the receiver, discovery and the control
 * server, and owns shutdown. No transfer or discovery logic lives here.
 *
 * <p>Start order: the control socket first (so a second daemon fails before it touches port 5001 or
 * the network), then the receiver (its bound port is what discovery advertises), then discovery,
 * then the control server. {@link #close()} stops in reverse, with the receiver and discovery (mDNS
 * goodbyes) closing in parallel, bounded by {@link #STOP_BUDGET}.
 */
final class Daemon implements AutoCloseable {
    /** The wire protocol version advertised in the TXT {@code version} key. */
    static final String PROTOCOL_VERSION = String.valueOf(Receiver.PROTOCOL_VERSION);

    static final Duration STOP_BUDGET = Duration.ofSeconds(9);

    /** Held offers in all and per sender address (policy ask). */
    static final int MAX_PENDING = 16;

    static final int MAX_PENDING_PER_ADDRESS = 2;

    /** The device key and certificate in the state dir (PEM, 0600; see SECURITY.md). */
    static final String IDENTITY_FILE = "identity.pem";

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private final DaemonConfig config;
    private final String version;
    private final PeerId id;
    private final DeviceIdentity device;
    private final Clock clock;
    private final Instant started;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private Receiver receiver;
    private Discovery discovery;
    private TrustStore trust;
    private History history;
    private Notifier notifier;
    private PendingOffers pending;
    private Consent consent;
    private ConsentOps consentOps;
    private Pairings pairings;
    private ScheduledExecutorService timer;
    private Pushes pushes;
    private ControlServer control;
    private volatile boolean closed;

    private Daemon(DaemonConfig config, String version, DeviceIdentity device, Clock clock) {
        this.config = config;
        this.version = version;
        this.device = device;
        this.id = new PeerId(device.peerId());
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Starts everything or nothing: on failure whatever was started is closed again before the
     * exception leaves.
     *
     * @throws ControlSocket.AlreadyRunningException another daemon of this user owns the socket
     * @throws IdentityException the device identity in the state dir is unusable (never replaced)
     * @throws IOException the port, socket, inbox or state could not be set up
     */
    static Daemon start(DaemonConfig config, String version, Clock clock)
            throws IOException, IdentityException, ControlSocket.AlreadyRunningException {
        ControlSocket socket = ControlSocket.claim(config.socket());
        Daemon d = null;
        try {
            createPrivateDirectories(config.inbox());
            createPrivateDirectories(config.stateDir());
            // The key-derived id replaces the random id of 0.1 (its old "peer-id" file is ignored).
            DeviceIdentity device =
                    IdentityStore.loadOrCreate(
                            config.stateDir().resolve(IDENTITY_FILE), "tft", clock);
            d = new Daemon(config, version, device, clock);
            d.startServices(socket);
            return d;
        } catch (IOException | IdentityException | RuntimeException e) {
            if (d != null) {
                d.close();
            }
            socket.close();
            throw e;
        }
    }

    private void startServices(ControlSocket socket) throws IOException {
        LocalIdentity self = new LocalIdentity(device, config.name());
        InetSocketAddress bind =
                config.bind() == null
                        ? new InetSocketAddress(config.port())
                        : new InetSocketAddress(config.bind(), config.port());
        trust = TrustStore.open(config.stateDir());
        history =
                History.open(
                        config.stateDir().resolve(History.FILE_NAME),
                        History.DEFAULT_MAX_ENTRIES,
                        clock);
        resources.add(history);
        notifier = DesktopNotifier.create(System.getenv(), config.notifications());
        resources.add(notifier);
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "tft-pending-timer");
                            t.setDaemon(true);
                            return t;
                        });
        resources.add(timer::shutdownNow);
        pending =
                new PendingOffers(
                        MAX_PENDING,
                        MAX_PENDING_PER_ADDRESS,
                        config.pendingTimeout(),
                        clock,
                        timer);
        consent =
                new Consent(
                        config.accept(),
                        trust,
                        pending,
                        clock,
                        id.value(),
                        config.name(),
                        this::offerHeld);
        pairings =
                new Pairings(
                        () -> discovery,
                        new Sender(self, SenderOptions.defaults()),
                        trust,
                        clock,
                        id.value(),
                        config.name());
        receiver =
                Receiver.start(
                        new ReceiverConfig(bind, config.inbox(), self, config.limits()),
                        new Received(),
                        consent,
                        pairings);
        resources.add(receiver);
        List<StaticPeer> statics = new ArrayList<>();
        for (String s : config.staticPeers()) {
            statics.add(StaticPeer.parse(s, DaemonConfig.DEFAULT_PORT));
        }
        discovery =
                MdnsDiscovery.create(
                        new DiscoveryConfig(
                                id,
                                device.fingerprint(),
                                config.name(),
                                port(),
                                PROTOCOL_VERSION,
                                os(),
                                config.loopbackOnly(),
                                config.mdnsPort(),
                                config.interfaces(),
                                statics,
                                clock));
        resources.add(discovery);
        discovery.start();
        pushes =
                new Pushes(
                        discovery,
                        new Sender(self, SenderOptions.defaults()),
                        trust,
                        history::record);
        Sender sender = new Sender(self, SenderOptions.defaults());
        consentOps = new ConsentOps(consent, pending, trust, history, discovery, sender, clock);
        control =
                ControlServer.start(
                        socket,
                        new RequestHandler(
                                discovery,
                                pushes,
                                this::status,
                                consentOps,
                                trust::contains,
                                pairings));
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(
                    dir,
                    PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** The transfer port actually bound (differs from the configured one when that was 0). */
    int port() {
        return receiver.localAddress().getPort();
    }

    PeerId id() {
        return id;
    }

    /** The full fingerprint of the device key (hex SHA-256 of its SubjectPublicKeyInfo). */
    String fingerprint() {
        return device.fingerprint();
    }

    StatusView status() {
        List<TransferView> transfers = new ArrayList<>();
        receiver.activeTransfers()
                .forEach(
                        t ->
                                transfers.add(
                                        new TransferView(
                                                "in",
                                                t.peerName(),
                                                t.file(),
                                                t.bytes(),
                                                t.size())));
        transfers.addAll(pushes.active());
        long uptime = Duration.between(started, clock.instant()).toSeconds();
        return new StatusView(
                config.name(),
                id.value(),
                device.fingerprint(),
                port(),
                config.inbox().toString(),
                version,
                Math.max(0, uptime),
                transfers,
                consentOps.policy());
    }

    static String os() {
        String os = System.getProperty("os.name", "unknown").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return "macos";
        }
        if (os.startsWith("windows")) {
            return "windows";
        }
        return os.replace(' ', '-');
    }

    /**
     * Stops accepting control clients, cancels pushes, then closes the receiver (aborting
     * transfers, removing temps) and discovery (sending goodbyes) in parallel, waiting at most
     * {@link #STOP_BUDGET}. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (control != null) {
            closeQuietly(control);
        }
        if (pushes != null) {
            pushes.cancelAll();
        }
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (AutoCloseable r : resources) {
            stops.add(CompletableFuture.runAsync(() -> closeQuietly(r)));
        }
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(STOP_BUDGET.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("stop took longer than {} s; exiting anyway", STOP_BUDGET.toSeconds());
        }
    }

    /** A push is held for the owner: log it (escaped); the notifier is told too. */
    private void offerHeld(PendingOffers.Offer o) {
        log.info(
                "holding push {} from {} ({} file(s), {} bytes, first {}): tft accept {}",
                o.id(),
                o.push().legacy()
                        ? "legacy sender " + o.push().from().getAddress().getHostAddress()
                        : Log.safe(o.push().peerName()) + " [" + o.push().peerId() + "]",
                o.push().files(),
                o.push().bytes(),
                o.push().names().isEmpty() ? "-" : Log.safe(o.push().names().get(0)),
                o.id());
        IncomingPush p = o.push();
        notifier.pending(
                peerLabel(p),
                (int) Math.min(Integer.MAX_VALUE, p.files()),
                p.bytes(),
                p.names().isEmpty() ? "" : p.names().get(0));
    }

    /** How a sender is named to people: its display name, or the legacy form's address. */
    static String peerLabel(IncomingPush p) {
        return p.legacy()
                ? "legacy push from " + p.from().getAddress().getHostAddress()
                : p.peerName().isEmpty() ? p.peerId() : p.peerName();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("while stopping {}: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    /**
     * Logs received files; runs on receiver connection threads, so it only logs. Failures go to
     * debug: the receiver already logs peer-caused problems rate-limited, and a flood of bad offers
     * must not flood the log.
     */
    /** The receiver's events: logged, recorded in the history, shown as notifications. */
    private final class Received implements ReceiverListener {
        @Override
        public void fileReceived(ReceivedFile f) {
            log.info(
                    "received {} ({} bytes) from {} [{}] as {}",
                    Log.safe(f.name()),
                    f.size(),
                    Log.safe(f.senderName()),
                    f.from() == null ? "?" : f.from().getHostAddress(),
                    Log.safe(f.storedName()));
        }

        @Override
        public void transferFailed(
                String peerName, String file, TransferError error, String message) {
            log.debug(
                    "receiving {} from {} failed: {} ({})",
                    Log.safe(file),
                    Log.safe(peerName),
                    error,
                    Log.safe(message));
        }

        @Override
        public void pushEnded(
                IncomingPush push, List<ReceivedFile> stored, TransferError error, String message) {
            HistoryEntry.Result result =
                    error == null
                            ? HistoryEntry.Result.STORED
                            : error == TransferError.DENIED
                                    ? HistoryEntry.Result.REJECTED
                                    : HistoryEntry.Result.FAILED;
            history.record(
                    new HistoryEntry(
                            history.now(),
                            HistoryEntry.Direction.IN,
                            HistoryEntry.clip(push.peerName(), HistoryEntry.MAX_PEER_NAME),
                            push.peerId(),
                            push.from().getAddress().getHostAddress() + ":" + push.from().getPort(),
                            push.legacy(),
                            (int) Math.min(Integer.MAX_VALUE, push.files()),
                            stored.stream().mapToLong(ReceivedFile::size).sum(),
                            result,
                            stored.stream()
                                    .map(
                                            f ->
                                                    HistoryEntry.clip(
                                                            f.storedName(), HistoryEntry.MAX_NAME))
                                    .toList(),
                            HistoryEntry.clip(message, HistoryEntry.MAX_MESSAGE)));
            if (!stored.isEmpty()) {
                notifier.received(peerLabel(push), stored.size(), stored.get(0).storedName());
            }
        }
    }
}
