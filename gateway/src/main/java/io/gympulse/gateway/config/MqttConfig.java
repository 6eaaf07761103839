package io.gympulse.gateway.config;

import java.time.Duration;

/**
 * MQTT ingest settings.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free port
 * @param maxPayloadBytes largest accepted status payload (the contract says 4 KiB)
 * @param heartbeatWindow a machine silent for longer than this is shown as offline
 * @param maxClockSkew how far in the future a device timestamp may be; a far-future timestamp would
 *     otherwise pin the machine's state forever, since older updates never roll state back
 * @param maxUnackedPerDevice QoS 1/2 messages of one device waiting for the store before its
 *     connection stops being read (also advertised to MQTT 5 devices as Receive Maximum)
 * @param maxUnackedTotal QoS 1/2 messages of all devices waiting for the store before every device
 *     connection stops being read
 * @param plainEnabled whether the unencrypted listener runs (local development); off in production
 * @param tls the MQTTS listener with client certificates, if configured
 * @param limits per-address and per-device limits
 */
public record MqttConfig(String host, int port, int maxPayloadBytes, Duration heartbeatWindow, Duration maxClockSkew,
    int maxUnackedPerDevice, int maxUnackedTotal, boolean plainEnabled, java.util.Optional<MqttTlsConfig> tls,
    MqttLimits limits) {

  public MqttConfig {
    if (maxPayloadBytes < 64) {
      throw new ConfigException("MQTT_MAX_PAYLOAD_BYTES must be at least 64");
    }
  }

  /** Whether devices can connect to the gateway itself (plain MQTT or MQTTS). */
  public boolean listening() {
    return plainEnabled || tls.isPresent();
  }
}
