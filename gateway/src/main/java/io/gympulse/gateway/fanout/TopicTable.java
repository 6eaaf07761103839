package io.gympulse.gateway.fanout;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Every topic of the catalog, made once: thousands of connections following a topic share one {@link Topic} and one
 * path string, and a change finds its topics without building them. Read-only after construction, so any thread may
 * read it.
 */
final class TopicTable {

  private final Catalog catalog;
  private final Map<String, Topic> byPath = new HashMap<>();
  private final Map<String, Topic> machines = new HashMap<>();
  private final Map<String, Topic> branches = new HashMap<>();
  /** Per branch, its category topics by {@link Category#ordinal()}. */
  private final Map<String, Topic[]> categories = new HashMap<>();
  /** The conflation keys of updates, one object per machine and per category summary. */
  private final Map<String, String> machineKeys = new HashMap<>();
  private final Map<Topic, String> summaryKeys = new HashMap<>();

  TopicTable(Catalog catalog) {
    this.catalog = catalog;
    add(Topic.CHAIN);
    for (Branch branch : catalog.branches()) {
      branches.put(branch.id(), add(Topic.branch(branch.id())));
      Topic[] ofBranch = new Topic[Category.values().length];
      for (Category category : Category.values()) {
        ofBranch[category.ordinal()] = add(Topic.category(branch.id(), category));
        summaryKeys.put(ofBranch[category.ordinal()], "s:" + ofBranch[category.ordinal()].path());
      }
      categories.put(branch.id(), ofBranch);
    }
    for (Machine machine : catalog.machines()) {
      machines.put(machine.machineId(), add(Topic.machine(machine.machineId())));
      machineKeys.put(machine.machineId(), "m:" + machine.machineId());
    }
  }

  private Topic add(Topic topic) {
    byPath.put(topic.path(), topic);
    return topic;
  }

  /** The topic a client names, as {@link Topic#parse} reads it, or empty if the catalog has no such thing. */
  Optional<Topic> parse(String path) {
    Topic known = byPath.get(path);
    return known != null ? Optional.of(known) : Topic.parse(path, catalog).map(parsed -> byPath.get(parsed.path()));
  }

  Topic machine(String machineId) {
    return machines.get(machineId);
  }

  Topic branch(String gymId) {
    return branches.get(gymId);
  }

  Topic category(String gymId, Category category) {
    return categories.get(gymId)[category.ordinal()];
  }

  String machineKey(String machineId) {
    return machineKeys.get(machineId);
  }

  String summaryKey(Topic category) {
    return summaryKeys.get(category);
  }
}
