package io.gympulse.gateway.lifecycle;

import io.vertx.core.Deployable;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** A verticle as a {@link Component}: deployed on start, undeployed on stop; it runs on the context Vert.x gives it. */
public final class Deployment implements Component {

  private final Vertx vertx;
  private final Deployable verticle;
  private String deploymentId;

  public Deployment(Vertx vertx, Deployable verticle) {
    this.vertx = vertx;
    this.verticle = verticle;
  }

  @Override
  public Future<Void> start() {
    return vertx.deployVerticle(verticle).map(id -> {
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
    return verticle.getClass().getSimpleName();
  }
}
