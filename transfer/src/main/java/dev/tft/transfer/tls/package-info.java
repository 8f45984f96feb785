/**
 * TLS for the transfer port. A device is its long-term ECDSA P-256 key: {@link
 * dev.tft.transfer.tls.DeviceIdentity} holds the key and the self-signed certificate that carries
 * it and derives the peer id and fingerprints from the public key; {@link
 * dev.tft.transfer.tls.IdentityStore} keeps it in a 0600 PEM file and never replaces it behind the
 * user's back. Certificates are made with the JDK alone (a small DER writer), no CA is involved:
 * peers pin keys.
 */
package dev.tft.transfer.tls;
