package dev.tft.control;
/** Placeholder. */
final class Placeholder { private Placeholder() {} }
