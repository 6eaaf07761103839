package io.gympulse.gateway.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.state.MachineStatus;
import java.time.DayOfWeek;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** One simulated machine's share of time in use follows the utilisation it is given. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SimulatedMachineTest {

  private static final double START = 1_764_150_000.0;
  private static final double SIMULATED_HOURS = 2_000;
  /** The city-centre rhythm at 19:00 and 03:00 on a weekday. */
  private static final double EVENING_PEAK = Rhythm.CITY_CENTRE.at(DayOfWeek.TUESDAY, 19.0);
  private static final double NIGHT = Rhythm.CITY_CENTRE.at(DayOfWeek.TUESDAY, 3.0);

  /** Verifies that a machine is in use far more of an evening peak than of the night, close to the share asked for. */
  @ParameterizedTest
  @EnumSource(value = Category.class, names = {"LEGS", "CARDIO"})
  void eveningPeakIsOccupiedFarMoreThanNight(Category category) {
    Machine machine = new Machine("sim-" + category.wireName() + "-01", "hk-central-caine", category, "Simulated");

    Map<MachineStatus, Double> peak = timeShares(machine, EVENING_PEAK, 42);
    Map<MachineStatus, Double> night = timeShares(machine, NIGHT, 42);

    double peakOccupied = peak.get(MachineStatus.OCCUPIED);
    double nightOccupied = night.get(MachineStatus.OCCUPIED);
    assertTrue(peakOccupied > nightOccupied + 0.5, "peak " + peakOccupied + " vs night " + nightOccupied);
    assertEquals(EVENING_PEAK, peakOccupied, 0.1, "peak share follows the utilisation");
    assertEquals(NIGHT, nightOccupied, 0.05, "night share follows the utilisation");
  }

  /**
   * Verifies that machines follow a rise in demand within minutes: free gaps drawn while the gym was quiet do not keep
   * machines free long into the rush (they did, when a gap was drawn once at the utilisation of its start).
   */
  @ParameterizedTest
  @EnumSource(value = Category.class, names = {"LEGS", "CARDIO"})
  void machinesFollowARiseInDemandWithinMinutes(Category category) {
    double quiet = 0.03;
    double rush = 0.8;
    double rushFrom = START + 3 * 3600;
    Random random = new Random(42);
    int machines = 2_000;
    double occupiedSeconds = 0;
    double measuredFrom = rushFrom + 45 * 60; // a cardio session lasts up to 40 min
    double measuredTo = rushFrom + 90 * 60;
    for (int i = 0; i < machines; i++) {
      Machine machine = new Machine("sim-" + i, "hk-central-caine", category, "Simulated");
      SimulatedMachine simulated = new SimulatedMachine(machine, random, START, quiet);
      double now = START;
      while (now < measuredTo) {
        double until = Math.min(simulated.nextChangeAt, measuredTo);
        if (simulated.status == MachineStatus.OCCUPIED) {
          occupiedSeconds += Math.max(0, until - Math.max(now, measuredFrom));
        }
        now = until;
        if (simulated.nextChangeAt <= measuredTo) {
          simulated.advance(simulated.nextChangeAt, simulated.nextChangeAt < rushFrom ? quiet : rush);
        }
      }
    }
    double share = occupiedSeconds / (machines * (measuredTo - measuredFrom));
    assertEquals(rush, share, 0.1, "share in use from 45 to 90 min into the rush");
  }

  /** Verifies that offline spells stay occasional, whatever the seed. */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void offlineSpellsAreOccasional(long seed) {
    Machine machine = new Machine("sim-legs-01", "hk-central-caine", Category.LEGS, "Simulated");

    Map<MachineStatus, Double> peak = timeShares(machine, EVENING_PEAK, seed);

    assertTrue(peak.get(MachineStatus.OFFLINE) < 0.02, "offline share " + peak.get(MachineStatus.OFFLINE));
    assertTrue(peak.get(MachineStatus.OFFLINE) > 0, "over 2000 hours some spell is expected");
  }

  /**
   * Share of simulated time spent in each status over {@link #SIMULATED_HOURS} at a fixed utilisation,
   * advancing the machine from change to change as the simulator's tick does.
   */
  private static Map<MachineStatus, Double> timeShares(Machine machine, double utilisation, long seed) {
    SimulatedMachine simulated = new SimulatedMachine(machine, new Random(seed), START, utilisation);
    double end = START + SIMULATED_HOURS * 3600;
    Map<MachineStatus, Double> seconds = new EnumMap<>(MachineStatus.class);
    for (MachineStatus status : MachineStatus.values()) {
      seconds.put(status, 0.0);
    }
    double now = START;
    while (now < end) {
      double until = Math.min(simulated.nextChangeAt, end);
      seconds.merge(simulated.status, until - now, Double::sum);
      now = until;
      if (simulated.nextChangeAt <= end) {
        simulated.advance(simulated.nextChangeAt, utilisation);
        assertTrue(simulated.nextChangeAt > now, "time must move forward");
      }
    }
    seconds.replaceAll((status, total) -> total / (SIMULATED_HOURS * 3600));
    return seconds;
  }
}
