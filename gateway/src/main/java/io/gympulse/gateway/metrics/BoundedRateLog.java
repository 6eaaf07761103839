package io.gympulse.gateway.metrics;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Logs at most {@code limit} warnings per window and then one line saying how many were suppressed, so
 * a flood of bad messages or failing writes cannot flood the log (every one is still counted in metrics).
 */
public final class BoundedRateLog {

  private final Logger logger;
  private final int limit;
  private final long windowMillis;
  private final AtomicLong windowStart = new AtomicLong();
  private final AtomicInteger inWindow = new AtomicInteger();

  public BoundedRateLog(Logger logger, int limit, long windowMillis) {
    this.logger = logger;
    this.limit = limit;
    this.windowMillis = windowMillis;
  }

  public void warn(String format, Object... arguments) {
    long now = System.currentTimeMillis();
    long start = windowStart.get();
    if (now - start >= windowMillis && windowStart.compareAndSet(start, now)) {
      int previous = inWindow.getAndSet(0);
      if (previous > limit) {
        logger.warn("suppressed {} similar warnings in the last {} ms", previous - limit, windowMillis);
      }
    }
    if (inWindow.incrementAndGet() <= limit) {
      logger.warn(format, arguments);
    }
  }
}
