package dev.tft.discovery;
/** Placeholder. */
final class Placeholder { private Placeholder() {} }
