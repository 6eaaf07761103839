package io.gympulse.gateway.chat;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Category;
import java.util.Optional;

/**
 * What the assistant took a message to mean.
 *
 * @param nearMe the member spoke of their own location ("near me", "nearby", "closest")
 */
public record Understanding(Intent intent, Optional<Category> category, Optional<Branch> branch, boolean nearMe) {

  /** What the member wants. */
  public enum Intent {
    /** Where can I train now. */
    FIND,
    /** Is it busy (now). */
    BUSY,
    /** When is it quiet. */
    QUIET_TIME
  }

  /** This understanding with the gaps filled from the previous turn of the conversation. */
  Understanding after(Understanding previous) {
    return new Understanding(intent, category.or(previous::category), branch.or(previous::branch), nearMe || previous.nearMe);
  }
}
