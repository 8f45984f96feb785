package dev.tft.daemon;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * The JSON shape of {@code config.json}. Every key is optional; an unknown key is a start-up error
 * naming it. Documented in the README ("Configuration"); keep the two in step.
 */
record ConfigFile(
        @JsonProperty("name") String name,
        @JsonProperty("port") Integer port,
        @JsonProperty("bind") String bind,
        @JsonProperty("inbox") String inbox,
        @JsonProperty("loopbackOnly") Boolean loopbackOnly,
        @JsonProperty("mdnsPort") Integer mdnsPort,
        @JsonProperty("staticPeers") List<String> staticPeers,
        @JsonProperty("interfaces") List<String> interfaces,
        @JsonProperty("limits") Limits limits,
        @JsonProperty("accept") String accept,
        @JsonProperty("notify") Boolean notifications,
        @JsonProperty("pendingTimeoutSeconds") Integer pendingTimeoutSeconds) {

    /** Receiver limits; sizes in bytes, durations in seconds. */
    record Limits(
            @JsonProperty("headerDeadlineSeconds") Integer headerDeadlineSeconds,
            @JsonProperty("idleTimeoutSeconds") Integer idleTimeoutSeconds,
            @JsonProperty("maxConnections") Integer maxConnections,
            @JsonProperty("maxConnectionsPerAddress") Integer maxConnectionsPerAddress,
            @JsonProperty("maxTransfers") Integer maxTransfers,
            @JsonProperty("maxFileSizeBytes") Long maxFileSizeBytes,
            @JsonProperty("freeSpaceReserveBytes") Long freeSpaceReserveBytes) {}

    static final ConfigFile EMPTY =
            new ConfigFile(null, null, null, null, null, null, null, null, null, null, null, null);
}
