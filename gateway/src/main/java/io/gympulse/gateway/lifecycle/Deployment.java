package io.gympulse.gateway.lifecycle;

import io.vertx.core.Deployable;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/** A verticle as a {@link Component}: deployed on start, undeployed on stop; it runs on the context Vert.x gives it. */
public final class Deployment implements Component {

  private final Vertx vertx;
  private final Supplier<? extends Deployable> verticles;
  private final int instances;
  private final String name;
  private String deploymentId;

  public Deployment(Vertx vertx, Deployable verticle) {
    this(vertx, () -> verticle, 1, verticle.getClass().getSimpleName());
  }

  /** {@code instances} verticles from {@code verticles}, each on its own event loop (when there are enough). */
  public Deployment(Vertx vertx, Supplier<? extends Deployable> verticles, int instances, String name) {
    this.vertx = vertx;
    this.verticles = verticles;
    this.instances = instances;
    this.name = name;
  }

  @Override
  public Future<Void> start() {
    return vertx.deployVerticle(verticles, new DeploymentOptions().setInstances(instances)).map(id -> {
      deploymentId = id;
      return null;
    });
  }

  @Override
  public Future<Void> stop() {
    String id = deploymentId;
    deploymentId = null;
    return id == null ? Future.succeededFuture() : vertx.undeploy(id);
  }

  @Override
  public String name() {
    return name;
  }
}
