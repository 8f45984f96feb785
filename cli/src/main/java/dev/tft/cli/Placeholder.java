package dev.tft.cli;
/** Placeholder. */
final class Placeholder { private Placeholder() {} }
