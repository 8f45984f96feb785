package dev.tft.transfer;
/** Placeholder. */
final class Placeholder { private Placeholder() {} }
