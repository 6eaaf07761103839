package io.gympulse.gateway.lifecycle;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts components one after another and stops them in reverse: what started last, and may depend on
 * everything before it, stops first. A start that fails stops everything started so far, the failed component
 * included (it may have set a timer before failing), and fails with the first cause.
 *
 * <p>Not thread-safe: start and stop are called from one start-up or shutdown sequence.
 */
public final class Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  /** Components whose start was called, in that order. */
  private final List<Component> started = new ArrayList<>();
  /** The shutdown, once begun; a second stop gets the same future. */
  private Future<Void> stopped;

  /** Starts {@code components} in order; on failure, stops all this lifecycle started and fails. */
  public Future<Void> start(List<Component> components) {
    Future<Void> chain = Future.succeededFuture();
    for (Component component : components) {
      chain = chain.compose(ready -> startOne(component));
    }
    return chain.recover(failure -> stop().transform(stopped -> Future.failedFuture(failure)));
  }

  /** Stops every component started so far, newest first, each even if an earlier stop failed; safe to call twice. */
  public Future<Void> stop() {
    if (stopped != null) {
      return stopped;
    }
    Future<Void> chain = Future.succeededFuture();
    for (int i = started.size() - 1; i >= 0; i--) {
      Component component = started.get(i);
      chain = chain.eventually(() -> stopOne(component));
    }
    stopped = chain;
    return stopped;
  }

  private Future<Void> startOne(Component component) {
    if (stopped != null) {
      return Future.failedFuture(new IllegalStateException("stopping: " + component.name() + " not started"));
    }
    started.add(component);
    return call(component::start)
        .onFailure(e -> LOG.error("component failed to start [component: {}]", component.name(), e));
  }

  private static Future<Void> stopOne(Component component) {
    return call(component::stop)
        .onFailure(e -> LOG.warn("component failed to stop [component: {}]", component.name(), e));
  }

  /** Runs a start or a stop; one that throws instead of failing its future counts as failed. */
  private static Future<Void> call(Supplier<Future<Void>> action) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
