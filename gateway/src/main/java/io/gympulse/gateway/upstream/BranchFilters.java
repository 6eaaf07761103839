package io.gympulse.gateway.upstream;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The live path's topic filters, one per branch ({@code org/{gymId}/machines/+/status}), spread over the
 * connections: a broker may cap what it delivers to one connection (IoT Core: 100 publishes a second), so a chain
 * needs about its machines' total publish rate / 100 connections, and each branch's machines share one.
 */
final class BranchFilters {

  private BranchFilters() {
  }

  /** {@code connections} lists of filters; branches are dealt out in catalog order, so each list is about as long. */
  static List<List<String>> spread(Catalog catalog, int connections) {
    List<List<String>> lists = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      lists.add(new ArrayList<>());
    }
    List<Branch> branches = catalog.branches();
    for (int i = 0; i < branches.size(); i++) {
      lists.get(i % connections).add("org/" + branches.get(i).id() + "/machines/+/status");
    }
    return lists.stream().map(List::copyOf).toList();
  }
}
