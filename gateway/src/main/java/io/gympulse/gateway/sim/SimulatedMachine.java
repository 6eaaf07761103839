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
  /**
   * Longest part of a free gap drawn at one utilisation. Demand changes by the hour: a gap drawn at 05:00, when a
   * machine is rarely taken, would otherwise keep it free long into the morning rush. A longer gap ends in a fresh
   * draw at the utilisation then, which for an exponential gap changes nothing while demand stays the same.
   */
  private static final double REDRAW_AFTER = 10 * MINUTE;

  final Machine machine;
  private final Random random;
  MachineStatus status = MachineStatus.FREE;
  /** Simulated epoch seconds of the next change. */
  double nextChangeAt;
  /** Status to return to after a noise blip or an offline spell. */
  private MachineStatus resumeWith;
  /** The free gap goes on at {@code nextChangeAt}, with a fresh draw, instead of ending. */
  private boolean redraw;
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
    if (status == MachineStatus.OCCUPIED) {
      nextChangeAt = simNow + sessionSeconds();
    } else {
      freeUntil(simNow, utilisation, 0);
    }
    this.nextChangeAt = simNow + random.nextDouble() * (nextChangeAt - simNow);
  }

  /**
   * Advances to the next status at simulated time {@code simNow}, when the branch's share in use is {@code utilisation};
   * returns whether the status changed (a long free gap may only have been drawn again).
   */
  boolean advance(double simNow, double utilisation) {
    if (redraw) {
      freeUntil(simNow, utilisation, 0);
      return false;
    }
    if (resumeWith != null) {
      status = resumeWith;
      resumeWith = null;
      if (status == MachineStatus.OCCUPIED) {
        nextChangeAt = simNow + sessionSeconds() / 2;
      } else {
        freeUntil(simNow, utilisation, 0);
      }
      return true;
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
      freeUntil(simNow, utilisation, MINUTE); // a changeover of at least a minute
    } else {
      status = MachineStatus.OCCUPIED;
      nextChangeAt = simNow + sessionSeconds();
    }
    return true;
  }

  /** Draws how long the machine stays free from {@code simNow}: at least {@code atLeast} s, or up to a redraw. */
  private void freeUntil(double simNow, double utilisation, double atLeast) {
    double gap = Math.max(atLeast, gapSeconds(utilisation));
    redraw = gap > REDRAW_AFTER;
    nextChangeAt = simNow + Math.min(gap, REDRAW_AFTER);
  }

  private double sessionSeconds() {
    boolean cardio = machine.category() == Category.CARDIO;
    double minutes = cardio ? 15 + random.nextDouble() * 25 : 8 + random.nextDouble() * 7;
    return minutes * MINUTE;
  }

  /** An exponential free gap whose mean makes in-use time / total time match the utilisation u: session·(1−u)/u. */
  private double gapSeconds(double utilisation) {
    double u = Math.max(0.01, utilisation);
    double meanSession = (machine.category() == Category.CARDIO ? 27.5 : 11.5) * MINUTE;
    return -Math.log(1 - random.nextDouble()) * meanSession * (1 - u) / u;
  }
}
