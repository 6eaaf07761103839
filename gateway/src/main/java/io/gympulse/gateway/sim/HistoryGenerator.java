package io.gympulse.gateway.sim;

import io.gympulse.gateway.aggregates.BinAccumulator;
import io.gympulse.gateway.aggregates.OccupancyBin;
import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.state.Counts;
import io.gympulse.gateway.state.MachineStatus;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Plays the simulator's machines over a past period as fast as the CPU allows (no MQTT, no real time):
 * the same behaviour model as the live simulator, for backfilling history and for backtesting forecasts.
 */
public final class HistoryGenerator {

  /** A machine's status from {@code at} (epoch seconds) until its next change. */
  public record Change(double at, MachineStatus status) {
  }

  /** Every machine's changes over a period, in time order, starting with its status at the start. */
  public record Played(double from, double to, Map<String, List<Change>> changes) {

    /** A machine's status at {@code at}; its first status before any change. */
    public MachineStatus statusAt(String machineId, double at) {
      List<Change> list = changes.get(machineId);
      int low = 0;
      int high = list.size() - 1;
      while (low < high) {
        int mid = (low + high + 1) >>> 1;
        if (list.get(mid).at() <= at) {
          low = mid;
        } else {
          high = mid - 1;
        }
      }
      return list.get(low).status();
    }
  }

  private HistoryGenerator() {
  }

  public static Played play(Catalog catalog, double from, double to, long seed) {
    Random random = new Random(seed);
    Map<String, List<Change>> changes = new HashMap<>();
    for (Machine machine : catalog.machines()) {
      ZoneId zone = catalog.branch(machine.gymId()).orElseThrow().timeZone();
      Rhythm rhythm = Rhythm.of(machine.gymId());
      SimulatedMachine simulated = new SimulatedMachine(machine, random, from, rhythm.at(zone, from));
      List<Change> list = new ArrayList<>();
      list.add(new Change(from, simulated.status));
      while (simulated.nextChangeAt < to) {
        double at = simulated.nextChangeAt;
        simulated.advance(at, rhythm.at(zone, at));
        if (simulated.status != list.get(list.size() - 1).status()) {
          list.add(new Change(at, simulated.status));
        }
      }
      changes.put(machine.machineId(), list);
    }
    return new Played(from, to, changes);
  }

  /** The closed 15-minute bins of every branch category over the played period. */
  public static List<OccupancyBin> bins(Catalog catalog, Played played) {
    List<OccupancyBin> bins = new ArrayList<>();
    for (Branch branch : catalog.branches()) {
      for (Category category : Category.values()) {
        bins.addAll(bins(catalog.machines(branch.id(), category), branch.id(), category, played));
      }
    }
    return bins;
  }

  private static List<OccupancyBin> bins(List<Machine> machines, String gymId, Category category, Played played) {
    Map<String, MachineStatus> current = new HashMap<>();
    List<Map.Entry<String, Change>> timeline = new ArrayList<>();
    Counts counts = Counts.ZERO;
    for (Machine machine : machines) {
      List<Change> list = played.changes().get(machine.machineId());
      current.put(machine.machineId(), list.get(0).status());
      counts = counts.plus(Counts.delta(null, list.get(0).status()));
      list.stream().skip(1).forEach(change -> timeline.add(Map.entry(machine.machineId(), change)));
    }
    timeline.sort(Comparator.comparingDouble(entry -> entry.getValue().at()));
    BinAccumulator accumulator = new BinAccumulator(gymId, category, counts, played.from());
    List<OccupancyBin> closed = new ArrayList<>();
    for (Map.Entry<String, Change> entry : timeline) {
      MachineStatus previous = current.put(entry.getKey(), entry.getValue().status());
      counts = counts.plus(Counts.delta(previous, entry.getValue().status()));
      closed.addAll(accumulator.changed(counts, entry.getValue().at()));
    }
    closed.addAll(accumulator.advanceTo(played.to()));
    return closed;
  }
}
