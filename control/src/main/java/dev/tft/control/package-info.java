/**
 * The control protocol between the tft daemon and the {@code tft} CLI: JSON lines over a pathname
 * Unix-domain socket (see {@code PROTOCOL.md part C}).
 *
 * <p>This package is shared by the daemon and the CLI and depends on jackson-core streaming only,
 * so that the CLI starts fast. The codec ({@link dev.tft.control.ControlCodec}) turns lines into
 * values and back and never touches a socket; {@link dev.tft.control.JsonLineReader} bounds what is
 * read; {@link dev.tft.control.ControlClient} owns the client side of the socket. All values are
 * immutable records that validate themselves; all types are thread-safe unless stated otherwise.
 * Nothing in this package accepts or returns {@code null} unless its Javadoc says so.
 */
package dev.tft.control;
