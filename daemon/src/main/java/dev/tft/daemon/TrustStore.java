package dev.tft.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The peers this daemon trusts, by key-derived id, kept in {@code trusted.json} in the state dir
 * (mode 0600). Every change rewrites the file atomically (temp file 0600, fsync, rename, directory
 * fsync), so a crash leaves the old or the new store, never a torn one. Fails closed: an
 * unreadable, corrupt or group/world-accessible file trusts no one (a corrupt one is moved aside
 * and logged). Thread-safe (one monitor; the file write happens under it, but only on a user's
 * trust/untrust command, never on the transfer path).
 */
final class TrustStore {
    private static final Logger LOG = LoggerFactory.getLogger(TrustStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "trusted.json";

    /** The file format: a version and the entries. */
    record Stored(@JsonProperty("version") int version, @JsonProperty("peers") List<Entry> peers) {}

    /** One entry as stored. */
    record Entry(
            @JsonProperty("id") String id,
            @JsonProperty("name") String name,
            @JsonProperty("fingerprint") String fingerprint,
            @JsonProperty("since") String since) {}

    private final Path file;
    private final Map<String, TrustedPeer> byId = new LinkedHashMap<>();

    private TrustStore(Path file) {
        this.file = file;
    }

    /**
     * Loads {@code dir/trusted.json}; a missing file is an empty store. Never throws for content.
     */
    static TrustStore open(Path dir) {
        TrustStore t = new TrustStore(dir.resolve(FILE));
        t.load();
        return t;
    }

    private void load() {
        try {
            if (tooOpen(file)) {
                LOG.error(
                        "{} is readable or writable by other users: trusting no one until it is"
                                + " chmod 600",
                        file);
                return;
            }
            Stored s = JSON.readValue(Files.readAllBytes(file), Stored.class);
            if (s.version() != 1 || s.peers() == null) {
                throw new IOException("unknown trust store version " + s.version());
            }
            for (Entry e : s.peers()) {
                TrustedPeer p =
                        new TrustedPeer(
                                e.id(),
                                e.name() == null ? "" : e.name(),
                                e.fingerprint() == null ? "" : e.fingerprint(),
                                Instant.parse(e.since()));
                byId.put(p.id(), p);
            }
        } catch (NoSuchFileException e) {
            // A new machine trusts no one yet.
        } catch (IOException | RuntimeException e) {
            byId.clear();
            Path aside = file.resolveSibling(FILE + ".corrupt-" + Instant.now().getEpochSecond());
            try {
                Files.move(file, aside);
            } catch (IOException moveFailed) {
                // Left in place; it is ignored all the same.
            }
            LOG.error(
                    "trust store {} is unreadable ({}): trusting no one; it was moved to {}",
                    file,
                    e.getClass().getSimpleName(),
                    aside);
        }
    }

    private static boolean tooOpen(Path f) throws IOException {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(f);
            return p.contains(PosixFilePermission.GROUP_READ)
                    || p.contains(PosixFilePermission.GROUP_WRITE)
                    || p.contains(PosixFilePermission.OTHERS_READ)
                    || p.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }

    synchronized boolean contains(String id) {
        return byId.containsKey(id);
    }

    synchronized Optional<TrustedPeer> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** Every entry, oldest first. */
    synchronized List<TrustedPeer> all() {
        return List.copyOf(byId.values());
    }

    /** Trusted entries whose stored name equals {@code name} (case-insensitive). */
    synchronized List<TrustedPeer> named(String name) {
        List<TrustedPeer> out = new ArrayList<>();
        for (TrustedPeer p : byId.values()) {
            if (p.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                out.add(p);
            }
        }
        return out;
    }

    /** Adds (or refreshes the name/fingerprint of) {@code p} and saves. */
    synchronized TrustedPeer add(TrustedPeer p) throws IOException {
        TrustedPeer old = byId.get(p.id());
        TrustedPeer kept =
                old == null ? p : new TrustedPeer(p.id(), p.name(), p.fingerprint(), old.since());
        Map<String, TrustedPeer> next = new LinkedHashMap<>(byId);
        next.put(p.id(), kept);
        save(next);
        byId.put(p.id(), kept);
        return kept;
    }

    /** Removes {@code id} and saves; empty if it was not trusted. */
    synchronized Optional<TrustedPeer> remove(String id) throws IOException {
        TrustedPeer p = byId.get(id);
        if (p == null) {
            return Optional.empty();
        }
        Map<String, TrustedPeer> next = new LinkedHashMap<>(byId);
        next.remove(id);
        save(next);
        byId.remove(id);
        return Optional.of(p);
    }

    private void save(Map<String, TrustedPeer> peers) throws IOException {
        List<Entry> entries = new ArrayList<>();
        for (TrustedPeer p : peers.values()) {
            entries.add(new Entry(p.id(), p.name(), p.fingerprint(), p.since().toString()));
        }
        byte[] bytes =
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Stored(1, entries));
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp =
                Files.createTempFile(
                        dir,
                        ".trusted-",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            try {
                Files.move(
                        tmp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // Some platforms cannot fsync a directory; the rename is still atomic.
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
