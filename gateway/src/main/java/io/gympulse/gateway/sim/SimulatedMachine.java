package io.gympulse.gateway.sim;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.state.MachineStatus;
import java.util.Random;

/**
 * One machine's behaviour in simulated time: sessions (strength 8–15 min, cardio 15–40 min), free gaps
 * sized so the share of time in use follows the branch's {@link Rhythm}, changeovers of at least a minute,
 * occasional sensor noise (a blip of a few seconds) and short offline spells.
 */
final class SimulatedMachine {

  private static final double MINUTE = 60;
  private static final double NOISE_PER_SESSION = 0.03;
  private static final double OFFLINE_PER_SESSION = 0.004;

  final Machine machine;
  private final Random random;
  MachineStatus status = MachineStatus.FREE;
  /** Simulated epoch seconds of the next change. */
  double nextChangeAt;
  /** Status to return to after a noise blip or an offline spell. */
  private MachineStatus resumeWith;
  long seq;
  /** Real epoch ms of the last publish, to send heartbeats while nothing changes. */
  long lastPublishedMillis;

  /**
   * Starts in use with probability {@code utilisation} (the branch's share in use now), part-way through a session
   * or gap.
   */
  SimulatedMachine(Machine machine, Random random, double simNow, double utilisation) {
    this.machine = machine;
    this.random = random;
    this.status = random.nextDouble() < utilisation ? MachineStatus.OCCUPIED : MachineStatus.FREE;
    double remaining = status == MachineStatus.OCCUPIED ? sessionSeconds() : gapSeconds(utilisation);
    this.nextChangeAt = simNow + random.nextDouble() * remaining;
  }

  /** Advances to the next status at simulated time {@code simNow}, when the branch's share in use is {@code utilisation}. */
  void advance(double simNow, double utilisation) {
    if (resumeWith != null) {
      status = resumeWith;
      resumeWith = null;
      nextChangeAt = simNow + (status == MachineStatus.OCCUPIED ? sessionSeconds() / 2 : gapSeconds(utilisation));
      return;
    }
    double roll = random.nextDouble();
    if (roll < OFFLINE_PER_SESSION) {
      resumeWith = status;
      status = MachineStatus.OFFLINE;
      nextChangeAt = simNow + (2 + random.nextDouble() * 8) * MINUTE;
    } else if (roll < OFFLINE_PER_SESSION + NOISE_PER_SESSION) {
      resumeWith = status;
      status = status == MachineStatus.FREE ? MachineStatus.OCCUPIED : MachineStatus.FREE;
      nextChangeAt = simNow + 3 + random.nextDouble() * 12;
    } else if (status == MachineStatus.OCCUPIED) {
      status = MachineStatus.FREE;
      nextChangeAt = simNow + gapSeconds(utilisation);
    } else {
      status = MachineStatus.OCCUPIED;
      nextChangeAt = simNow + sessionSeconds();
    }
  }

  private double sessionSeconds() {
    boolean cardio = machine.category() == Category.CARDIO;
    double minutes = cardio ? 15 + random.nextDouble() * 25 : 8 + random.nextDouble() * 7;
    return minutes * MINUTE;
  }

  /** A free gap whose mean makes in-use time / total time match the utilisation u: gap = session·(1−u)/u. */
  private double gapSeconds(double utilisation) {
    double u = Math.max(0.01, utilisation);
    double meanSession = (machine.category() == Category.CARDIO ? 27.5 : 11.5) * MINUTE;
    double meanGap = meanSession * (1 - u) / u;
    double exponential = -Math.log(1 - random.nextDouble()) * meanGap;
    return Math.max(MINUTE, exponential);
  }
}
