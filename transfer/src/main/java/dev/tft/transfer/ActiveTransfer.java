package dev.tft.transfer;

/**
 * A snapshot of one file being received: peer display name (peer-controlled: escape before
 * printing), the file's relative path as offered, bytes stored so far (including a resumed prefix)
 * and its size.
 */
public record ActiveTransfer(String peerName, String file, long bytes, long size) {}
