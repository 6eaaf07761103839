package io.gympulse.tools;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * P(at least one machine of a branch category free at now + minutes), pure so it can be backtested and shared by
 * the gateway and the tool Lambda. The usual occupancy at the arrival time is the seasonal level (the same weekday
 * around the arrival slot in past weeks), shifted by how far the category is from its usual level now (on the
 * log-odds scale, so a full category now never means "full forever", fading over an hour). Each machine free now
 * stays free, and each occupied one frees up, towards that level as a two-state process: sessions end at their
 * mean length, free machines are taken as often as the level implies, so it forgets what is true now faster when
 * the gym is busy. Machines are combined as independent given the level.
 */
public final class ArrivalForecast {

  /** Fewer past bins around the arrival slot than this and the forecast is not known. */
  public static final int MIN_SAMPLES = 2;
  /** How fast today's deviation from the seasonal level stops predicting, minutes. */
  static final double TREND_MINUTES = 60;

  private ArrivalForecast() {
  }

  /**
   * @param atArrival the category's bins around the arrival slot in past weeks
   * @param atNow the category's bins around the current slot in past weeks (the usual level now)
   * @param free machines of the category free now
   * @param occupied machines of the category occupied now (offline ones are neither)
   */
  public static FreeOnArrival of(List<PastSlot> atArrival, List<PastSlot> atNow, int free, int occupied, String category,
      double minutes) {
    if (atArrival.size() < MIN_SAMPLES) {
      return FreeOnArrival.unknown(atArrival.size());
    }
    double[] anyFree = atArrival.stream().mapToDouble(PastSlot::anyFreeShare).toArray();
    double confidence = atArrival.size() / (atArrival.size() + 3.0) * Math.max(0, 1 - 2 * spread(anyFree));
    int available = free + occupied;
    if (available == 0) {
      return new FreeOnArrival(0, confidence, atArrival.size(), true); // nothing reports: nothing to count on
    }
    double level = mean(atArrival.stream().mapToDouble(PastSlot::occupancy).toArray());
    if (atNow.size() >= MIN_SAMPLES) {
      // (occupied + ½) / (available + 1): a small category that is full now is not certainly fuller than usual
      double deviation = logit((occupied + 0.5) / (available + 1.0))
          - logit(mean(atNow.stream().mapToDouble(PastSlot::occupancy).toArray()));
      level = inverseLogit(logit(level) + deviation * Math.exp(-minutes / TREND_MINUTES));
    }
    // a two-state process relaxes at 1/session + (level/(1 − level))/session = 1/(session·(1 − level))
    double remembers = Math.exp(-minutes / (sessionMinutes(category) * Math.max(0.01, 1 - level)));
    double freeStaysFree = (1 - level) + level * remembers;
    double occupiedFreesUp = (1 - level) * (1 - remembers);
    double noneFree = Math.pow(1 - freeStaysFree, free) * Math.pow(1 - occupiedFreesUp, occupied);
    return new FreeOnArrival(1 - noneFree, confidence, atArrival.size(), true);
  }

  /** Mean session length, minutes: how long "occupied now" keeps predicting "occupied later". */
  public static double sessionMinutes(String category) {
    return "cardio".equals(category.toLowerCase(Locale.ROOT)) ? 27.5 : 11.5;
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(0);
  }

  private static double spread(double[] values) {
    double mean = mean(values);
    return Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
  }

  /** Log-odds, kept within 1 %–99 % so that no observed share is taken as certain. */
  private static double logit(double p) {
    double bounded = Math.max(0.01, Math.min(0.99, p));
    return Math.log(bounded / (1 - bounded));
  }

  private static double inverseLogit(double x) {
    return 1 / (1 + Math.exp(-x));
  }
}
