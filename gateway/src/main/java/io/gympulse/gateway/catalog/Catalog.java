package io.gympulse.gateway.catalog;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The immutable set of branches and machines the gateway serves, indexed for O(1) look-ups. */
public final class Catalog {

  private final Map<String, Branch> branches;
  private final Map<String, Machine> machines;
  private final Map<String, Map<Category, List<Machine>>> machinesByBranch;

  Catalog(List<Branch> branchList, List<Machine> machineList) {
    Map<String, Branch> branchIndex = new LinkedHashMap<>();
    Map<String, Map<Category, List<Machine>>> byBranch = new LinkedHashMap<>();
    for (Branch branch : branchList) {
      branchIndex.put(branch.id(), branch);
      Map<Category, List<Machine>> byCategory = new EnumMap<>(Category.class);
      for (Category category : Category.values()) {
        byCategory.put(category, new ArrayList<>());
      }
      byBranch.put(branch.id(), byCategory);
    }
    Map<String, Machine> machineIndex = new LinkedHashMap<>();
    for (Machine machine : machineList) {
      machineIndex.put(machine.machineId(), machine);
      byBranch.get(machine.gymId()).get(machine.category()).add(machine);
    }
    byBranch.replaceAll((id, byCategory) -> {
      byCategory.replaceAll((category, list) -> List.copyOf(list));
      return Collections.unmodifiableMap(byCategory);
    });
    this.branches = Collections.unmodifiableMap(branchIndex);
    this.machines = Collections.unmodifiableMap(machineIndex);
    this.machinesByBranch = Collections.unmodifiableMap(byBranch);
  }

  /** Branches in catalog order. */
  public List<Branch> branches() {
    return List.copyOf(branches.values());
  }

  /** Machines in catalog order. */
  public List<Machine> machines() {
    return List.copyOf(machines.values());
  }

  public Optional<Branch> branch(String gymId) {
    return Optional.ofNullable(branches.get(gymId));
  }

  public Optional<Machine> machine(String machineId) {
    return Optional.ofNullable(machines.get(machineId));
  }

  /** Machines of one category at one branch, in catalog order; empty for an unknown branch. */
  public List<Machine> machines(String gymId, Category category) {
    Map<Category, List<Machine>> byCategory = machinesByBranch.get(gymId);
    return byCategory == null ? List.of() : byCategory.get(category);
  }

  public int size() {
    return machines.size();
  }
}
