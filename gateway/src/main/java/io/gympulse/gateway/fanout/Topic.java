package io.gympulse.gateway.fanout;

import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import java.util.Optional;

/**
 * A WebSocket subscription topic; topics are the REST resource paths they mirror.
 *
 * @param path the topic as clients write it
 * @param gymId branch, for branch and category topics
 * @param category category, for category topics
 * @param machineId machine, for machine topics
 */
public record Topic(Kind kind, String path, String gymId, Category category, String machineId) {

  /** What a topic covers. */
  public enum Kind {
    /** {@code branches}: per-branch/category counts of the whole chain. */
    CHAIN,
    /** {@code branches/{gymId}}: counts of one branch. */
    BRANCH,
    /** {@code branches/{gymId}/categories/{category}}: counts and machines of one category. */
    CATEGORY,
    /** {@code machines/{machineId}}: one machine. */
    MACHINE
  }

  public static final Topic CHAIN = new Topic(Kind.CHAIN, "branches", null, null, null);

  public static Topic branch(String gymId) {
    return new Topic(Kind.BRANCH, "branches/" + gymId, gymId, null, null);
  }

  public static Topic category(String gymId, Category category) {
    return new Topic(Kind.CATEGORY, "branches/" + gymId + "/categories/" + category.wireName(), gymId, category, null);
  }

  public static Topic machine(String machineId) {
    return new Topic(Kind.MACHINE, "machines/" + machineId, null, null, machineId);
  }

  /** Parses a topic naming catalog entities only; empty for anything else. */
  public static Optional<Topic> parse(String path, Catalog catalog) {
    String[] parts = path.split("/", -1);
    if (parts.length == 1 && "branches".equals(parts[0])) {
      return Optional.of(CHAIN);
    }
    if (parts.length == 2 && "branches".equals(parts[0])) {
      return catalog.branch(parts[1]).map(b -> branch(b.id()));
    }
    if (parts.length == 4 && "branches".equals(parts[0]) && "categories".equals(parts[2])
        && catalog.branch(parts[1]).isPresent()) {
      return Category.parse(parts[3]).map(c -> category(parts[1], c));
    }
    if (parts.length == 2 && "machines".equals(parts[0])) {
      return catalog.machine(parts[1]).map(m -> machine(m.machineId()));
    }
    return Optional.empty();
  }
}
