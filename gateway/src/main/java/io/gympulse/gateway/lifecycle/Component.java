package io.gympulse.gateway.lifecycle;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * A part of the gateway with something to start and to stop: timers, state loaded from a store, a deployed
 * verticle. {@link Lifecycle} starts components in order and stops them in reverse, also after a failed start,
 * so a stop must be safe on a component that never started, failed to start or is already stopped.
 */
public interface Component {

  /** Makes the component ready; called once. */
  Future<Void> start();

  /** Releases what {@link #start()} took; idempotent. */
  Future<Void> stop();

  /** The name start-up and shutdown logs use. */
  default String name() {
    return getClass().getSimpleName();
  }

  /** A component made of two actions, for collaborators whose start or stop is one call (a store's close). */
  static Component of(String name, Supplier<Future<Void>> start, Supplier<Future<Void>> stop) {
    return new Component() {
      @Override
      public Future<Void> start() {
        return start.get();
      }

      @Override
      public Future<Void> stop() {
        return stop.get();
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  /** A component with nothing to start and {@code stop} to run when the gateway stops. */
  static Component stoppedBy(String name, Supplier<Future<Void>> stop) {
    return of(name, Future::succeededFuture, stop);
  }
}
