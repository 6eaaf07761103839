package io.gympulse.tools.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gympulse.tools.BranchSite;
import io.gympulse.tools.Position;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Where the branches are, from the catalog bundled in this jar (the same document the gateway serves). */
public final class BranchSites {

  private BranchSites() {
  }

  public static List<BranchSite> bundled() {
    List<BranchSite> sites = new ArrayList<>();
    for (JsonNode branch : catalog().path("branches")) {
      sites.add(new BranchSite(branch.path("id").asText(), branch.path("name").asText(),
          new Position(branch.path("lat").asDouble(), branch.path("lon").asDouble())));
    }
    return List.copyOf(sites);
  }

  /** Machines per {@code gymId#category} in the bundled catalog. */
  public static Map<String, Integer> machineTotals() {
    Map<String, Integer> totals = new HashMap<>();
    for (JsonNode machine : catalog().path("machines")) {
      totals.merge(machine.path("gymId").asText() + "#" + machine.path("category").asText(), 1, Integer::sum);
    }
    return Map.copyOf(totals);
  }

  private static JsonNode catalog() {
    try (InputStream in = BranchSites.class.getClassLoader().getResourceAsStream("catalog/hk-sample.json")) {
      if (in == null) {
        throw new IllegalStateException("catalog/hk-sample.json is missing from the jar");
      }
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
