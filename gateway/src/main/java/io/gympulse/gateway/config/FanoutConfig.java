package io.gympulse.gateway.config;

import java.time.Duration;

/**
 * WebSocket fan-out settings.
 *
 * @param flushInterval how long updates are gathered before one write per client; trades a few
 *     milliseconds of latency for one frame per client instead of one per update under load
 * @param maxPendingUpdates per-client bound on conflated pending updates (distinct machines and
 *     summaries); a client past it is closed with 1013
 * @param stuckTimeout a client whose socket stays unwritable this long is closed with 1013
 * @param pingInterval server ping period; a peer silent for two periods is closed
 * @param maxClientMessageBytes largest client frame answered normally; larger ones get an error
 * @param writeQueueMaxBytes per-socket write buffer above which the client counts as slow
 * @param drainPeriod how long a graceful drain spreads its closes over, so a fleet of clients does not
 *     reconnect in one spike; zero closes every client at once
 */
public record FanoutConfig(
    Duration flushInterval,
    int maxPendingUpdates,
    Duration stuckTimeout,
    Duration pingInterval,
    int maxClientMessageBytes,
    int writeQueueMaxBytes,
    Duration drainPeriod) {
}
