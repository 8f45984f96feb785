/**
 * The tft transfer engine on TCP port 5001: {@link dev.tft.transfer.Receiver} (accept loop, safe
 * receive pipeline into an inbox) and {@link dev.tft.transfer.Sender} (files and trees over one
 * connection, plus the seed's legacy form). Errors cross this boundary as {@link
 * dev.tft.transfer.TransferError}. The wire format is in {@code PROTOCOL.md part A} and {@link
 * dev.tft.transfer.wire}; threads and locks in {@code transfer/CONCURRENCY.md}. Public types are
 * immutable records or thread-safe unless stated.
 */
package dev.tft.transfer;
