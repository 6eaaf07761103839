package io.gympulse.gateway.state;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;

/**
 * JSON views of the live state. REST responses and WebSocket snapshots both come from here, so a
 * snapshot holds exactly what the matching REST GET returns.
 */
public final class StateViews {

  private final LiveState state;
  private final Catalog catalog;

  public StateViews(LiveState state) {
    this.state = state;
    this.catalog = state.catalog();
  }

  /** {@code GET /branches}. */
  public JsonArray branches() {
    JsonArray array = new JsonArray();
    for (Branch branch : catalog.branches()) {
      array.add(branch(branch));
    }
    return array;
  }

  /** {@code GET /branches/{gymId}}. */
  public JsonObject branch(Branch branch) {
    JsonObject categories = new JsonObject();
    for (Category category : Category.values()) {
      categories.put(category.wireName(), counts(state.counts(branch.id(), category)));
    }
    return new JsonObject()
        .put("id", branch.id())
        .put("name", branch.name())
        .put("lat", branch.lat())
        .put("lon", branch.lon())
        .put("timeZone", branch.timeZone().getId())
        .put("totals", counts(state.branchCounts(branch.id())))
        .put("categories", categories);
  }

  /** {@code GET /branches/{gymId}/categories/{category}}: counts and the machines. */
  public JsonObject category(String gymId, Category category) {
    return counts(state.counts(gymId, category))
        .put("gymId", gymId)
        .put("category", category.wireName())
        .put("machines", machines(gymId, category));
  }

  /** {@code GET /branches/{gymId}/categories/{category}/machines}. */
  public JsonArray machines(String gymId, Category category) {
    JsonArray array = new JsonArray();
    for (Machine machine : catalog.machines(gymId, category)) {
      state.machine(machine.machineId()).ifPresent(s -> array.add(machine(s)));
    }
    return array;
  }

  /** {@code GET /machines/{machineId}}; also the body of a WebSocket {@code machine} message. */
  public JsonObject machine(MachineState machine) {
    return new JsonObject()
        .put("machineId", machine.machineId())
        .put("gymId", machine.gymId())
        .put("category", machine.category().wireName())
        .put("name", catalog.machine(machine.machineId()).map(Machine::name).orElse(machine.machineId()))
        .put("status", machine.status().wireName())
        .put("since", epochSeconds(machine.since()))
        .put("timestamp", machine.hasReported() ? epochSeconds(machine.timestamp()) : null);
  }

  /** Epoch seconds with millisecond precision, written plainly ({@code 1764150000.25}, not {@code 1.76415E9}). */
  public static BigDecimal epochSeconds(double seconds) {
    BigDecimal plain = BigDecimal.valueOf(Math.round(seconds * 1000), 3).stripTrailingZeros();
    // stripping the zeros of a whole number ending in 0 gives a negative scale, written 1.79584728E+9
    return plain.scale() < 0 ? plain.setScale(0) : plain;
  }

  /** Counts as {@code {free, occupied, offline, total}}. */
  public static JsonObject counts(Counts counts) {
    return new JsonObject()
        .put("free", counts.free())
        .put("occupied", counts.occupied())
        .put("offline", counts.offline())
        .put("total", counts.total());
  }
}
