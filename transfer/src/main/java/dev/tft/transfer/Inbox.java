package dev.tft.transfer;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receive directory and every file operation on it. Temps live in the inbox root and are
 * created, opened and deleted relative to an open directory handle ({@link SecureDirectoryStream}:
 * openat/unlinkat, never following a symlink), so swapping the inbox path for a symlink does not
 * redirect them. Publishing uses {@code Files.createLink} (no clobber: fails if the name exists)
 * then deletes the temp; collisions become {@code name (1).ext} ... {@code name (999).ext}.
 * Directories are created fresh (collision-renamed), never merged into an existing one.
 * Thread-safe: name allocation is atomic in the file system.
 */
final class Inbox implements Closeable {
    static final String PARTIAL = NamePolicy.RESERVED_PREFIX + "partial-";
    static final String RESUME = NamePolicy.RESERVED_PREFIX + "resume-";
    private static final int MAX_COLLISIONS = 999;
    private static final Set<OpenOption> CREATE =
            Set.of(
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.READ,
                    LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> REOPEN =
            Set.of(StandardOpenOption.WRITE, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    /**
     * Received files are created rw-r--r-- and directories rwxr-xr-x, further narrowed by the umask
     * (0077 under the service files gives 0600/0700): never executable, never group- or
     * world-writable, even under umask 000.
     */
    private static final FileAttribute<?> FILE_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"));

    private static final FileAttribute<?> DIR_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));

    private final Path root;
    private final SecureDirectoryStream<Path> dir;
    private final boolean posix;

    /** Looked up once: {@code Files.getFileStore} scans the mount table on every call. */
    private final FileStore store;

    private final SecureRandom random = new SecureRandom();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    private Inbox(Path root, SecureDirectoryStream<Path> dir) throws IOException {
        this.root = root;
        this.dir = dir;
        this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
        this.store = Files.getFileStore(root);
    }

    /** Opens an existing inbox directory (PATH-23: never created here). */
    static Inbox open(Path inbox) throws IOException {
        Path real = inbox.toRealPath();
        if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("inbox is not a directory: " + inbox);
        }
        DirectoryStream<Path> ds = Files.newDirectoryStream(real);
        if (!(ds instanceof SecureDirectoryStream<Path> sds)) {
            ds.close();
            throw new IOException(
                    "this platform has no SecureDirectoryStream; refusing to receive into "
                            + inbox);
        }
        try {
            return new Inbox(real, sds);
        } catch (IOException | RuntimeException e) {
            sds.close();
            throw e;
        }
    }

    Path root() {
        return root;
    }

    /** Usable bytes in the inbox's file store. */
    long usableSpace() throws IOException {
        return store.getUsableSpace();
    }

    /** A temp entry being written; owned by one connection thread. */
    final class Temp implements Closeable {
        final String name;
        final FileChannel channel;
        final boolean resumable;
        final long existing;

        private Temp(String name, FileChannel channel, boolean resumable, long existing) {
            this.name = name;
            this.channel = channel;
            this.resumable = resumable;
            this.existing = existing;
        }

        /** Closes and deletes the temp (failure, reject, checksum mismatch). */
        void discard() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Deleting below is what matters.
            }
            try {
                dir.deleteFile(Path.of(name));
            } catch (IOException ignored) {
                // Already gone, or the start-up sweep removes it.
            }
            busy.remove(name);
        }

        /**
         * Keeps a resumable temp for a later push: sync what arrived, then close. Others are
         * discarded.
         */
        void keepOrDiscard() {
            if (!resumable) {
                discard();
                return;
            }
            try (FileChannel c = channel) {
                c.force(true);
            } catch (IOException e) {
                discard();
                return;
            }
            busy.remove(name);
        }

        @Override
        public void close() {
            keepOrDiscard();
        }
    }

    /**
     * Creates a fresh, non-resumable temp ({@code .tft-partial-<random>}, CREATE_NEW, no symlink
     * following).
     */
    Temp createTemp() throws IOException {
        byte[] r = new byte[8];
        random.nextBytes(r);
        String name = PARTIAL + HexFormat.of().formatHex(r);
        busy.add(name);
        try {
            return new Temp(name, open(name, CREATE), false, 0);
        } catch (IOException | RuntimeException e) {
            busy.remove(name);
            throw e;
        }
    }

    /**
     * Opens the resumable temp for {@code key} (created if absent); its current size is the resume
     * offset, or 0 if it is larger than {@code size}. Returns null if another connection is writing
     * it (PROTO-05).
     */
    Temp openResumable(String key, long size) throws IOException {
        String name = RESUME + key;
        if (!busy.add(name)) {
            return null;
        }
        try {
            FileChannel ch;
            try {
                ch = open(name, CREATE);
            } catch (FileAlreadyExistsException e) {
                ch = open(name, REOPEN);
            }
            long existing = ch.size();
            if (existing > size) {
                ch.truncate(0);
                existing = 0;
            }
            ch.position(existing);
            return new Temp(name, ch, true, existing);
        } catch (IOException | RuntimeException e) {
            busy.remove(name);
            throw e;
        }
    }

    /** Stable temp key of one resumable file: who sent it, its resume id, path and size. */
    static String resumeKey(String peerId, byte[] resumeId, String path, long size) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(peerId.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(resumeId);
            d.update(path.getBytes(StandardCharsets.UTF_8));
            d.update((byte) 0);
            d.update(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(d.digest(), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private FileChannel open(String name, Set<OpenOption> options) throws IOException {
        SeekableByteChannel ch =
                options.contains(StandardOpenOption.CREATE_NEW) && posix
                        ? dir.newByteChannel(Path.of(name), options, FILE_MODE)
                        : dir.newByteChannel(Path.of(name), options);
        if (ch instanceof FileChannel fc) {
            return fc;
        }
        ch.close();
        throw new IOException("temp channel is not a FileChannel");
    }

    /** Sets the temp's modification time (best effort, before publishing). */
    void setMtime(Temp t, long mtimeMillis) {
        try {
            dir.getFileAttributeView(
                            Path.of(t.name),
                            BasicFileAttributeView.class,
                            LinkOption.NOFOLLOW_LINKS)
                    .setTimes(FileTime.fromMillis(mtimeMillis), null, null);
        } catch (IOException | RuntimeException ignored) {
            // The sender's mtime is a courtesy; the content is what is verified.
        }
    }

    /**
     * Publishes a synced, closed temp as {@code parent/name} (parent relative, "" for the root)
     * without replacing anything, deletes the temp, syncs the directory; returns the stored
     * relative path.
     */
    String publish(Temp t, String parent, String name) throws IOException {
        Path dirPath = parent.isEmpty() ? root : root.resolve(parent);
        requireRealDirectory(dirPath);
        Path source = root.resolve(t.name);
        for (int k = 0; k <= MAX_COLLISIONS; k++) {
            String candidate = candidate(name, k);
            try {
                Files.createLink(dirPath.resolve(candidate), source);
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            t.discard();
            sync(dirPath);
            return parent.isEmpty() ? candidate : parent + "/" + candidate;
        }
        throw new IOException("no free name for the file after " + MAX_COLLISIONS + " collisions");
    }

    /**
     * Creates directory {@code parent/name}, renamed on collision; syncs its parent; returns its
     * relative path.
     */
    String createDirectory(String parent, String name) throws IOException {
        Path dirPath = parent.isEmpty() ? root : root.resolve(parent);
        requireRealDirectory(dirPath);
        for (int k = 0; k <= MAX_COLLISIONS; k++) {
            String candidate = candidate(name, k);
            try {
                if (posix) {
                    Files.createDirectory(dirPath.resolve(candidate), DIR_MODE);
                } else {
                    Files.createDirectory(dirPath.resolve(candidate));
                }
            } catch (FileAlreadyExistsException e) {
                continue;
            }
            sync(dirPath);
            return parent.isEmpty() ? candidate : parent + "/" + candidate;
        }
        throw new IOException(
                "no free name for the directory after " + MAX_COLLISIONS + " collisions");
    }

    /**
     * {@code name}, or {@code base (k).ext} for k &gt; 0; throws if the result exceeds 255 bytes.
     */
    static String candidate(String name, int k) throws IOException {
        if (k == 0) {
            return name;
        }
        int dot = name.lastIndexOf('.');
        String c =
                dot > 0
                        ? name.substring(0, dot) + " (" + k + ")" + name.substring(dot)
                        : name + " (" + k + ")";
        if (c.getBytes(StandardCharsets.UTF_8).length > NamePolicy.MAX_NAME_BYTES) {
            throw new IOException("collision name would exceed 255 bytes");
        }
        return c;
    }

    private static void requireRealDirectory(Path p) throws IOException {
        BasicFileAttributes a =
                Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!a.isDirectory()) {
            throw new IOException("target directory was replaced");
        }
    }

    private static void sync(Path directory) throws IOException {
        try (FileChannel c = FileChannel.open(directory, StandardOpenOption.READ)) {
            c.force(true);
        }
    }

    /**
     * Start-up sweep: deletes every {@code .tft-partial-*} and every {@code .tft-resume-*} older
     * than {@code maxAge} or beyond the {@code maxKeep} newest. Entries in use are skipped.
     */
    void sweep(Instant now, Duration maxAge, int maxKeep) throws IOException {
        List<Path> resumable = new ArrayList<>();
        List<FileTime> times = new ArrayList<>();
        // A DirectoryStream iterates once; each sweep lists through a fresh handle opened relative
        // to ours.
        try (SecureDirectoryStream<Path> listing =
                dir.newDirectoryStream(Path.of("."), LinkOption.NOFOLLOW_LINKS)) {
            collect(listing, now, maxAge, resumable, times);
        }
        while (resumable.size() > maxKeep) {
            int oldest = 0;
            for (int i = 1; i < times.size(); i++) {
                if (times.get(i).compareTo(times.get(oldest)) < 0) {
                    oldest = i;
                }
            }
            dir.deleteFile(resumable.remove(oldest));
            times.remove(oldest);
        }
    }

    private void collect(
            SecureDirectoryStream<Path> listing,
            Instant now,
            Duration maxAge,
            List<Path> resumable,
            List<FileTime> times)
            throws IOException {
        for (Path p : listing) {
            String n = p.getFileName().toString();
            if (busy.contains(n)) {
                continue;
            }
            try {
                if (n.startsWith(PARTIAL)) {
                    dir.deleteFile(p.getFileName());
                } else if (n.startsWith(RESUME)) {
                    FileTime t =
                            dir.getFileAttributeView(
                                            p.getFileName(),
                                            BasicFileAttributeView.class,
                                            LinkOption.NOFOLLOW_LINKS)
                                    .readAttributes()
                                    .lastModifiedTime();
                    if (t.toInstant().isBefore(now.minus(maxAge))) {
                        dir.deleteFile(p.getFileName());
                    } else {
                        resumable.add(p.getFileName());
                        times.add(t);
                    }
                }
            } catch (NoSuchFileException ignored) {
                // Raced with another deletion: fine.
            }
        }
    }

    @Override
    public void close() throws IOException {
        dir.close();
    }
}
