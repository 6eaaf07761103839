package io.gympulse.load.fleet;

import java.util.Locale;

/**
 * What a fleet run did, so far (progress) or in the end (summary).
 *
 * @param connected devices (sensors and hubs) connected now
 * @param refused devices whose connection was refused or failed
 * @param published transitions sent, forced ones included
 * @param acknowledged of those, acknowledged by the endpoint (stays 0 with QoS 0)
 * @param failed of those, not written or not acknowledged (timeout, connection lost)
 * @param seconds time spent publishing
 * @param currentRate transitions sent in the last second (progress) or on average (summary)
 */
public record FleetSummary(int connected, int refused, long published, long acknowledged, long failed, double seconds,
    double currentRate) {

  /** Transitions sent a second over the whole run. */
  public double achievedRate() {
    return seconds > 0 ? published / seconds : 0;
  }

  /** One line, as printed once a second and at the end. */
  public String line() {
    return String.format(Locale.ROOT,
        "connected: %d, refused: %d, published: %d, acknowledged: %d, failed: %d, seconds: %.1f, rate: %.1f/s",
        connected, refused, published, acknowledged, failed, seconds, currentRate);
  }
}
