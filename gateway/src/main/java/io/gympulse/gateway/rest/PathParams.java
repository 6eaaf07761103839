package io.gympulse.gateway.rest;

import io.gympulse.gateway.catalog.Branch;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Category;
import io.vertx.ext.web.RoutingContext;

/** Catalog entities named in a request, or the JSON error that says why not (404 unknown id, 400 bad category). */
final class PathParams {

  private PathParams() {
  }

  static Branch branch(RoutingContext ctx, Catalog catalog) {
    String gymId = ctx.pathParam("gymId");
    return catalog.branch(gymId).orElseThrow(() -> ApiException.notFound("no branch '" + gymId + "'"));
  }

  static Category category(RoutingContext ctx) {
    return category(ctx.pathParam("category"));
  }

  /** A category by wire name, wherever it came from (path or body). */
  static Category category(String raw) {
    return Category.parse(raw).orElseThrow(() -> ApiException.badRequest("invalid_category",
        "unknown category '" + raw + "': expected one of " + Category.accepted()));
  }
}
