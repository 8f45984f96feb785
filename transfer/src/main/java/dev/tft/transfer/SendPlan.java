package dev.tft.transfer;

import dev.tft.transfer.wire.Protocol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * What one push offers, in order: each path's entries, directories before their contents
 * (pre-order). Symbolic links inside a tree are skipped, never followed; a top-level path may be a
 * link. Every name is checked against {@link NamePolicy} up front, so a push the receiver would
 * refuse fails before connecting (BAD_NAME).
 */
final class SendPlan {
    /** One entry: wire path, source, and the attributes the push must see unchanged. */
    record Item(
            boolean directory,
            String path,
            Path source,
            long size,
            long mtimeMillis,
            byte[] resumeId) {}

    private SendPlan() {}

    static List<Item> build(List<Path> paths) throws TransferException {
        if (paths.isEmpty()) {
            throw new IllegalArgumentException("nothing to push");
        }
        List<Item> items = new ArrayList<>();
        for (Path p : paths) {
            add(items, p);
        }
        return items;
    }

    private static void add(List<Item> items, Path top) throws TransferException {
        Path name = top.toAbsolutePath().normalize().getFileName();
        if (name == null) {
            throw new TransferException(TransferError.BAD_NAME, "cannot push a file system root");
        }
        check(name.toString());
        try {
            BasicFileAttributes a = Files.readAttributes(top, BasicFileAttributes.class);
            if (a.isRegularFile()) {
                items.add(file(name.toString(), top, a));
            } else if (a.isDirectory()) {
                walk(items, top, name.toString());
            } else {
                throw new TransferException(
                        TransferError.SOURCE_UNREADABLE, "not a file or directory: " + top);
            }
        } catch (IOException e) {
            if (e instanceof TransferException t) {
                throw t;
            }
            throw new TransferException(
                    TransferError.SOURCE_UNREADABLE, "cannot read " + top + ": " + e, e);
        }
    }

    private static void walk(List<Item> items, Path top, String topName) throws IOException {
        Files.walkFileTree(
                top,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes a)
                            throws IOException {
                        String rel = relative(top, dir, topName);
                        items.add(
                                new Item(
                                        true,
                                        rel,
                                        dir,
                                        0,
                                        a.lastModifiedTime().toMillis(),
                                        new byte[16]));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes a)
                            throws IOException {
                        if (a.isRegularFile()) {
                            items.add(file(relative(top, f, topName), f, a));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    private static String relative(Path top, Path p, String topName) throws TransferException {
        StringBuilder b = new StringBuilder(topName);
        for (Path part : top.relativize(p)) {
            String s = part.toString();
            if (s.isEmpty()) {
                continue;
            }
            checkNested(s);
            b.append('/').append(s);
        }
        return b.toString();
    }

    private static Item file(String rel, Path f, BasicFileAttributes a) throws IOException {
        long mtime = a.lastModifiedTime().toMillis();
        // Eager files (≤ EAGER_MAX) travel in one piece and are never resumed: skip the id, which
        // costs a
        // toRealPath (an lstat per path component) and a SHA-256 per file — most of a small file's
        // sender work.
        byte[] id =
                a.size() <= Protocol.EAGER_MAX ? new byte[Protocol.RESUME_ID_SIZE] : resumeId(f, a);
        return new Item(false, rel, f, a.size(), mtime, id);
    }

    /** Same file, same size and mtime ⇒ same id, so a re-push resumes; any change ⇒ a new id. */
    private static byte[] resumeId(Path f, BasicFileAttributes a) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(
                    f.toRealPath(LinkOption.NOFOLLOW_LINKS)
                            .toString()
                            .getBytes(StandardCharsets.UTF_8));
            d.update(
                    (a.size() + "|" + a.lastModifiedTime().toMillis() + "|" + a.fileKey())
                            .getBytes(StandardCharsets.UTF_8));
            byte[] id = new byte[16];
            System.arraycopy(d.digest(), 0, id, 0, 16);
            id[0] |= 1; // never all zero (all zero means "not resumable")
            return id;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void check(String name) throws TransferException {
        try {
            NamePolicy.component(name);
        } catch (NamePolicy.BadNameException e) {
            throw new TransferException(
                    TransferError.BAD_NAME,
                    "receivers refuse the name " + LogSafe.escape(name) + ": " + e.getMessage());
        }
    }

    private static void checkNested(String name) throws TransferException {
        try {
            NamePolicy.nested(name);
        } catch (NamePolicy.BadNameException e) {
            throw new TransferException(
                    TransferError.BAD_NAME,
                    "receivers refuse the name " + LogSafe.escape(name) + ": " + e.getMessage());
        }
    }
}
