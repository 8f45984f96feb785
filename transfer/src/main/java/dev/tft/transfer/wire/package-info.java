/**
 * The transfer wire codec: bytes ⇄ immutable records, no sockets. {@link
 * dev.tft.transfer.wire.Protocol} holds every constant, {@link dev.tft.transfer.wire.WireCodec} the
 * layout diagrams (copied from {@code PROTOCOL.md part A}). Everything here is stateless and
 * thread-safe.
 */
package dev.tft.transfer.wire;
