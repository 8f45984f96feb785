package dev.tft.transfer;

import java.net.InetAddress;

/**
 * A file the receiver verified, synced and published. {@code senderId}/{@code senderName} are empty
 * for legacy pushes; {@code name} is the relative path as offered and {@code storedName} the
 * relative path it got in the inbox (they differ after a collision, e.g. {@code a (1).pdf}).
 * Peer-controlled strings: escape before printing.
 */
public record ReceivedFile(
        String senderId,
        String senderName,
        InetAddress from,
        String name,
        String storedName,
        long size) {}
