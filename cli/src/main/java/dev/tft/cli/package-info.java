/**
 * The {@code tft} command-line client: a thin shell over the control socket.
 *
 * <p>It depends on {@code dev.tft.control} only (enforced by the build) and never links JmDNS, the
 * transfer engine or jackson-databind, so that {@code tft peers} starts in well under 100 ms.
 * {@link dev.tft.cli.Main} is the only class that calls {@code System.exit}; everything else prints
 * through injected streams and returns an {@link dev.tft.cli.ExitCode}. Every string that came from
 * the network is passed through {@link dev.tft.control.Escape} before it is printed.
 */
package dev.tft.cli;
