package dev.tft.daemon;
/** Placeholder. */
final class Placeholder { private Placeholder() {} }
