package dev.tft.transfer;

/**
 * One file or directory the receiver confirmed: offered relative path, stored relative path, size
 * in bytes.
 */
public record StoredFile(String name, String storedName, long size) {}
