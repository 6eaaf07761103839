package io.gympulse.gateway.rest;

import io.vertx.ext.web.Router;

/** A group of routes of one capability; {@code Gateway} builds the groups and {@link RestApi} mounts them. */
public interface Routes {

  /** Adds this group's routes to {@code router}. */
  void register(Router router);
}
