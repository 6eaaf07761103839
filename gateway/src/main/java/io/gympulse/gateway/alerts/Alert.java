package io.gympulse.gateway.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A member's "tell me when it is free" request. Immutable; changes make a new record.
 *
 * @param oneShot fires once and is done; otherwise fires again after each {@code cooldown}
 * @param firedAt when it last fired, if it has
 */
public record Alert(
    String alertId,
    String userId,
    AlertTarget target,
    Optional<QuietHours> quietHours,
    Instant createdAt,
    Instant expiresAt,
    boolean oneShot,
    Duration cooldown,
    Optional<Instant> firedAt) {

  /** Pending alerts can still fire; a fired one-shot alert and an expired alert cannot. */
  public boolean isActive(Instant now) {
    return now.isBefore(expiresAt) && !(oneShot && firedAt.isPresent());
  }

  /** A repeating alert waits out its cooldown after firing, so a flapping sensor cannot spam. */
  public boolean isCoolingDown(Instant now) {
    return firedAt.filter(fired -> now.isBefore(fired.plus(cooldown))).isPresent();
  }

  public Alert firedAt(Instant now) {
    return new Alert(alertId, userId, target, quietHours, createdAt, expiresAt, oneShot, cooldown, Optional.of(now));
  }

  public Alert with(Optional<QuietHours> newQuietHours, Instant newExpiresAt) {
    return new Alert(alertId, userId, target, newQuietHours, createdAt, newExpiresAt, oneShot, cooldown, firedAt);
  }
}
