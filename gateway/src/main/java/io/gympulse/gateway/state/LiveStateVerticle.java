package io.gympulse.gateway.state;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the context on which {@link LiveState} is written. Every mutation (device reports, Last Wills,
 * heartbeat expiry) runs here, so transitions are totally ordered without locks, and the fan-out that
 * listens to them runs here too. Also runs the periodic heartbeat sweep.
 */
public final class LiveStateVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(LiveStateVerticle.class);

  private final LiveState state;
  private final Duration heartbeatWindow;
  private final Clock clock;
  private long sweepTimer = -1;

  public LiveStateVerticle(LiveState state, Duration heartbeatWindow, Clock clock) {
    this.state = state;
    this.heartbeatWindow = heartbeatWindow;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    // Sweeping at a quarter of the window bounds how late "offline" shows to 25% of the window.
    long period = Math.max(50, Math.min(1_000, heartbeatWindow.toMillis() / 4));
    sweepTimer = vertx.setPeriodic(period, id -> sweep());
    LOG.info("live state ready [machines: {}, heartbeat window: {}]", state.catalog().size(), heartbeatWindow);
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }

  /** The single writer context of the live state; hop onto it with {@code runOnContext}. */
  public Context writerContext() {
    return context;
  }

  private void sweep() {
    long now = clock.millis();
    int expired = state.expireSilentSince(now - heartbeatWindow.toMillis(), now / 1000.0).size();
    if (expired > 0) {
      LOG.debug("heartbeat sweep marked machines offline [count: {}]", expired);
    }
  }
}
