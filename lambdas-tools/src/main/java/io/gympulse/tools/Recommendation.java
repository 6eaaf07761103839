package io.gympulse.tools;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One branch to go to, with why: free machines now, how long it takes to get there, and whether one will be free
 * when the member arrives.
 *
 * @param arrivalAt now + {@code etaMinutes}
 */
public record Recommendation(String gymId, String name, int free, int total, double distanceKm, double etaMinutes,
    boolean estimated, FreeOnArrival onArrival, Instant arrivalAt) {

  /**
   * The fields members and the agent read, in one order for {@code POST /chat} and the tool Lambda:
   * {@code freeOnArrival} and {@code confidence} are null without history.
   */
  public Map<String, Object> fields() {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("gymId", gymId);
    fields.put("name", name);
    fields.put("free", free);
    fields.put("total", total);
    fields.put("distanceKm", distanceKm);
    fields.put("etaMinutes", etaMinutes);
    fields.put("estimated", estimated);
    fields.put("freeOnArrival", onArrival.known() ? round(onArrival.probability()) : null);
    fields.put("confidence", onArrival.known() ? round(onArrival.confidence()) : null);
    fields.put("arrivalAt", arrivalAt.toString());
    return fields;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
