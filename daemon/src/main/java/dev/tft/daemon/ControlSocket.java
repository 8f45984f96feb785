package dev.tft.daemon;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;

/**
 * Claims the control socket for this daemon: the one place that decides "already running" versus
 * "stale".
 *
 * <p>Order matters. The parent directory is created (or tightened) to 0700 first, because the
 * directory, not the socket's own mode, is what keeps other users out on every platform. Then an
 * exclusive lock on {@code <socket>.lock} decides ownership: a second daemon fails to take it and
 * exits without touching the live socket. Only the lock holder may delete a socket file left behind
 * by a crash and bind a new one, which it then chmods to 0600.
 */
final class ControlSocket implements AutoCloseable {
    private static final Set<PosixFilePermission> DIR_MODE =
            PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> SOCKET_MODE =
            PosixFilePermissions.fromString("rw-------");

    /** Linux sun_path holds 108 bytes including the terminating NUL; macOS 104. */
    private static final int MAX_PATH_BYTES = 103;

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ServerSocketChannel server;
    private final UserPrincipal owner;

    private ControlSocket(
            Path path,
            FileChannel lockChannel,
            FileLock lock,
            ServerSocketChannel server,
            UserPrincipal owner) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.server = server;
        this.owner = owner;
    }

    /** Thrown when another live daemon holds the socket. */
    static final class AlreadyRunningException extends Exception {
        private static final long serialVersionUID = 1L;

        AlreadyRunningException(String message) {
            super(message);
        }
    }

    /**
     * Creates the directory, takes the lock, replaces a stale socket and binds.
     *
     * @throws AlreadyRunningException another daemon holds the lock; nothing was changed
     * @throws IOException the directory is not ours, the path is too long, or binding failed
     */
    static ControlSocket claim(Path socket) throws IOException, AlreadyRunningException {
        int bytes = socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new IOException(
                    "control socket path is "
                            + bytes
                            + " bytes, longer than the "
                            + MAX_PATH_BYTES
                            + " a Unix socket allows: "
                            + socket
                            + " (set a shorter one with --socket or TFT_SOCKET)");
        }
        Path dir = socket.getParent();
        secureDirectory(dir);
        Path lockFile = dir.resolve(socket.getFileName() + ".lock");
        FileChannel lockChannel =
                FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            lock = null; // held by another daemon in this same JVM (tests)
        } catch (IOException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new AlreadyRunningException(
                    "a tft daemon is already running for this user (socket "
                            + socket
                            + "); stop it first, or use another --socket for a second instance");
        }
        try {
            // We hold the lock, so any socket file here was left by a daemon that died: replace it.
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket), 64);
            Files.setPosixFilePermissions(socket, SOCKET_MODE);
            UserPrincipal owner = Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS);
            return new ControlSocket(socket, lockChannel, lock, server, owner);
        } catch (IOException | RuntimeException e) {
            lock.release();
            lockChannel.close();
            throw e;
        }
    }

    private static void secureDirectory(Path dir) throws IOException {
        try {
            Files.createDirectories(dir.getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR_MODE));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(
                        "control socket directory " + dir + " exists but is not a directory");
            }
            UserPrincipal me =
                    dir.getFileSystem()
                            .getUserPrincipalLookupService()
                            .lookupPrincipalByName(System.getProperty("user.name"));
            if (!Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).equals(me)) {
                throw new IOException(
                        "control socket directory " + dir + " belongs to another user");
            }
        }
        // Tighten even a directory we created earlier under a looser umask.
        Files.setPosixFilePermissions(dir, DIR_MODE);
    }

    /** Blocks until a client connects; the returned channel is in blocking mode. */
    SocketChannel accept() throws IOException {
        return server.accept();
    }

    /** The owner of the socket directory: the only user allowed to talk to this daemon. */
    UserPrincipal owner() {
        return owner;
    }

    /** Unbinds, deletes the socket file and releases the lock. Idempotent. */
    @Override
    public void close() throws IOException {
        try {
            server.close();
        } finally {
            try {
                if (lock.isValid()) {
                    Files.deleteIfExists(path);
                    lock.release();
                }
            } finally {
                lockChannel.close();
            }
        }
    }
}
