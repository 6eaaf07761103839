package io.gympulse.load.fleet;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Picks the fleet's machines from a catalog: whole branches behind hubs, then single machines as sensors. */
final class FleetCatalog {

  /** The sample the gateway loads by default; it comes with gympulse-lambdas-tools. */
  static final String BUNDLED = "catalog/hk-sample.json";

  private FleetCatalog() {
  }

  static String hubClientId(String gymId) {
    return "gym-" + gymId + "-hub";
  }

  /**
   * The first {@code hubs} branches in catalog order with every machine behind a hub, then the first {@code sensors}
   * machines of the other branches, each its own sensor.
   */
  static List<FleetMachine> pick(JsonObject catalog, int hubs, int sensors) {
    List<String> branches = catalog.getJsonArray("branches").stream()
        .map(branch -> ((JsonObject) branch).getString("id")).toList();
    if (hubs > branches.size()) {
      throw new IllegalArgumentException("hubs (" + hubs + ") is above the catalog's " + branches.size() + " branches");
    }
    Set<String> hubBranches = new HashSet<>(branches.subList(0, hubs));
    List<FleetMachine> viaHubs = new ArrayList<>();
    List<FleetMachine> viaSensors = new ArrayList<>();
    for (Object entry : catalog.getJsonArray("machines")) {
      JsonObject machine = (JsonObject) entry;
      String gymId = machine.getString("gymId");
      String machineId = machine.getString("machineId");
      String category = machine.getString("category");
      if (hubBranches.contains(gymId)) {
        viaHubs.add(new FleetMachine(gymId, machineId, category, hubClientId(gymId)));
      } else if (viaSensors.size() < sensors) {
        viaSensors.add(new FleetMachine(gymId, machineId, category, "gym-" + gymId + "-" + machineId));
      }
    }
    if (viaSensors.size() < sensors) {
      throw new IllegalArgumentException("sensors (" + sensors + ") is above the " + viaSensors.size()
          + " machines outside the hubs' branches");
    }
    List<FleetMachine> all = new ArrayList<>(viaHubs);
    all.addAll(viaSensors);
    return List.copyOf(all);
  }

  /** Reads a catalog file, or the bundled sample from the classpath. */
  static JsonObject load(Optional<String> path) {
    try {
      if (path.isPresent()) {
        return new JsonObject(Buffer.buffer(Files.readAllBytes(Path.of(path.get()))));
      }
      try (InputStream in = FleetCatalog.class.getClassLoader().getResourceAsStream(BUNDLED)) {
        if (in == null) {
          throw new IllegalStateException(BUNDLED + " is not on the classpath (it comes with gympulse-lambdas-tools)");
        }
        return new JsonObject(Buffer.buffer(in.readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the catalog " + path.orElse(BUNDLED), e);
    }
  }
}
