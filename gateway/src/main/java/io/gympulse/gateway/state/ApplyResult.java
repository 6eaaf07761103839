package io.gympulse.gateway.state;

import java.util.Optional;

/**
 * What applying a report did.
 *
 * @param outcome the kind of effect
 * @param change the transition, present only for {@link Outcome#TRANSITION}
 */
public record ApplyResult(Outcome outcome, StateChange change) {

  /** The kinds of effect a report can have. */
  public enum Outcome {
    /** The status changed. */
    TRANSITION,
    /** A newer report with the same status: a heartbeat. */
    REFRESH,
    /** The same (timestamp, seq) as the current state: a re-delivery. */
    DUPLICATE,
    /** Older than the current state: ignored so state never rolls back. */
    STALE
  }

  /** The transition, if the report caused one. */
  public Optional<StateChange> transition() {
    return Optional.ofNullable(change);
  }

  static final ApplyResult DUPLICATE = new ApplyResult(Outcome.DUPLICATE, null);
  static final ApplyResult STALE = new ApplyResult(Outcome.STALE, null);
  static final ApplyResult REFRESH = new ApplyResult(Outcome.REFRESH, null);
}
