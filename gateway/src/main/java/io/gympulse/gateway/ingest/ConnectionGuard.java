package io.gympulse.gateway.ingest;

import io.gympulse.gateway.config.MqttLimits;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Admits or refuses a CONNECT by its source address: at most so many open connections and so many
 * attempts a minute per address, so one host cannot exhaust the gateway for everyone else.
 */
final class ConnectionGuard {

  private final MqttLimits limits;
  private final Clock clock;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();
  private final Map<String, double[]> attempts = new ConcurrentHashMap<>();

  ConnectionGuard(MqttLimits limits, Clock clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Counts the attempt; empty if admitted (then {@link #released} must follow on close), else why not. */
  Optional<RejectReason> admit(String address) {
    long nowMillis = clock.millis();
    double[] bucket = attempts.computeIfAbsent(address, a -> new double[] {limits.connectsPerAddressPerMinute(), nowMillis});
    synchronized (bucket) {
      // a clock stepped back refills nothing rather than taking attempts away
      double perMilli = limits.connectsPerAddressPerMinute() / 60_000.0;
      bucket[0] = Math.min(limits.connectsPerAddressPerMinute(),
          bucket[0] + Math.max(0, nowMillis - bucket[1]) * perMilli);
      bucket[1] = nowMillis;
      if (bucket[0] < 1) {
        return Optional.of(RejectReason.CONNECT_RATE_EXCEEDED);
      }
      bucket[0] -= 1;
    }
    int now = open.merge(address, 1, Integer::sum);
    if (now > limits.maxConnectionsPerAddress()) {
      released(address);
      return Optional.of(RejectReason.TOO_MANY_CONNECTIONS);
    }
    return Optional.empty();
  }

  void released(String address) {
    open.computeIfPresent(address, (a, count) -> count <= 1 ? null : count - 1);
  }

  /** Forgets attempt buckets idle for a minute (they are full again anyway). */
  void sweep() {
    long nowMillis = clock.millis();
    attempts.entrySet().removeIf(entry -> {
      synchronized (entry.getValue()) {
        return nowMillis - entry.getValue()[1] > 60_000;
      }
    });
  }
}
