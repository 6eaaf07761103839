package io.gympulse.gateway.aggregates;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Hourly occupancy of a branch for one weekday, from past bins of every category, and the next peak. */
public final class PeakHours {

  private PeakHours() {
  }

  /**
   * @param bins past same-weekday bins of every category of the branch
   * @param currentHour the local hour now; the next peak is the busiest hour from it on
   */
  public static JsonObject profile(List<OccupancyBin> bins, ZoneId zone, int currentHour) {
    double[] occupied = new double[24];
    double[] available = new double[24];
    int[] samples = new int[24];
    for (OccupancyBin bin : bins) {
      int hour = Instant.ofEpochSecond(bin.binStart()).atZone(zone).getHour();
      occupied[hour] += bin.occupiedSeconds();
      available[hour] += bin.availableSeconds();
      samples[hour]++;
    }
    JsonArray hours = new JsonArray();
    int peak = -1;
    for (int hour = 0; hour < 24; hour++) {
      Double occupancy = available[hour] > 0 ? Math.round(occupied[hour] / available[hour] * 1000) / 1000.0 : null;
      hours.add(new JsonObject().put("hour", hour).put("occupancy", occupancy).put("samples", samples[hour]));
      if (occupancy != null && hour >= currentHour && (peak < 0 || occupancy > occupied[peak] / available[peak])) {
        peak = hour;
      }
    }
    boolean show = bins.size() >= Forecaster.MIN_SAMPLES * 4; // at least a couple of hours of history
    JsonObject nextPeak = peak < 0 || !show ? null
        : new JsonObject().put("hour", peak).put("occupancy", Math.round(occupied[peak] / available[peak] * 1000) / 1000.0);
    return new JsonObject().put("hours", hours).put("nextPeak", nextPeak).put("show", show);
  }
}
