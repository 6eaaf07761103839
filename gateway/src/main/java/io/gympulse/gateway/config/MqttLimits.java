package io.gympulse.gateway.config;

/**
 * Limits that keep one misbehaving device, or one address, from hurting the rest.
 *
 * @param maxConnectionsPerAddress open connections from one source address (a gym's NAT carries many sensors)
 * @param connectsPerAddressPerMinute CONNECT attempts a minute from one address
 * @param minKeepAliveSeconds shortest keep-alive accepted (0, "never", is refused: a silent socket must end)
 * @param maxKeepAliveSeconds longest keep-alive accepted
 * @param publishesPerSecond sustained publish rate of one device (bursts of twice that are fine)
 * @param floodThrottles throttles within 10 s after which a flooding device is disconnected
 * @param maxPacketBytes largest MQTT packet read; larger ones close the connection (payloads over the
 *     payload limit but under this get a clear rejection instead)
 * @param connectTimeoutSeconds how long an opened socket may take to complete its CONNECT before it is closed
 *     (a socket that never does would otherwise hold a connection slot for Vert.x's default 90 s)
 */
public record MqttLimits(int maxConnectionsPerAddress, int connectsPerAddressPerMinute, int minKeepAliveSeconds,
    int maxKeepAliveSeconds, int publishesPerSecond, int floodThrottles, int maxPacketBytes,
    int connectTimeoutSeconds) {
}
