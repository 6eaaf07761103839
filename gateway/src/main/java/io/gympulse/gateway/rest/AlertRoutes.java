package io.gympulse.gateway.rest;

import io.gympulse.gateway.alerts.Alert;
import io.gympulse.gateway.alerts.AlertEngine;
import io.gympulse.gateway.alerts.AlertTarget;
import io.gympulse.gateway.alerts.QuietHours;
import io.gympulse.gateway.auth.SessionTokens;
import io.gympulse.gateway.catalog.Catalog;
import io.gympulse.gateway.catalog.Machine;
import io.gympulse.gateway.state.LiveState;
import io.gympulse.gateway.state.MachineState;
import io.gympulse.gateway.state.MachineStatus;
import io.gympulse.gateway.state.StateViews;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code /alerts}: a member's "notify me when free" requests. Every route acts for the caller's session
 * only ({@link Identity}); another user's alert is answered 404, exactly like a missing one.
 */
public final class AlertRoutes implements Routes {

  static final Duration DEFAULT_EXPIRY = Duration.ofHours(2);
  static final Duration MAX_EXPIRY = Duration.ofHours(24);
  static final Duration DEFAULT_COOLDOWN = Duration.ofMinutes(15);
  private static final int MAX_BODY_BYTES = 16 * 1024;

  private final AlertEngine engine;
  private final LiveState state;
  private final Catalog catalog;
  private final StateViews views;
  private final Handler<RoutingContext> authenticate;
  private final Clock clock;

  /** {@code sessions} verify the bearer token every route needs: every alert belongs to a session's subject. */
  public AlertRoutes(AlertEngine engine, LiveState state, StateViews views, SessionTokens sessions, Clock clock) {
    this.engine = engine;
    this.state = state;
    this.catalog = state.catalog();
    this.views = views;
    this.authenticate = Identity.bearer(sessions);
    this.clock = clock;
  }

  @Override
  public void register(Router router) {
    Handler<RoutingContext> body = JsonBodies.limitedTo(MAX_BODY_BYTES);
    // vertx-web wants the body handler first; it only buffers, the bearer check still runs before any work
    router.post("/alerts").handler(body).handler(authenticate).handler(this::handleCreateAlert);
    router.get("/alerts").handler(authenticate).handler(this::handleListAlerts);
    router.put("/alerts/:alertId").handler(body).handler(authenticate).handler(this::handleUpdateAlert);
    router.delete("/alerts/:alertId").handler(authenticate).handler(this::handleDeleteAlert);
  }

  private void handleCreateAlert(RoutingContext ctx) {
    String userId = Identity.required(ctx);
    JsonObject body = JsonBodies.object(ctx, "the body must be a JSON object");
    AlertTarget target = target(body);
    Optional<JsonObject> freeNow = freeNow(target);
    if (freeNow.isPresent()) {
      // No alert needed: tell the member to go now, with the state that says so.
      ctx.response().setStatusCode(409).putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("error", new JsonObject().put("code", "target_free").put("message", "it is free right now"))
          .put("current", freeNow.get()).toBuffer());
      return;
    }
    Instant now = now();
    Alert alert = new Alert(UUID.randomUUID().toString(), userId, target, quietHours(body.getValue("quietHours")),
        now, expiry(body, now).orElse(now.plus(DEFAULT_EXPIRY)), oneShot(body), cooldown(body), Optional.empty());
    engine.create(alert)
        .onSuccess(created -> RequestLoop.write(ctx, () -> ctx.response().setStatusCode(201)
            .putHeader("Content-Type", "application/json").putHeader("Location", "/alerts/" + created.alertId())
            .end(view(created).toBuffer())))
        .onFailure(ctx::fail);
  }

  private void handleListAlerts(RoutingContext ctx) {
    String userId = Identity.required(ctx);
    engine.list(userId).onSuccess(alerts -> {
      JsonArray array = new JsonArray();
      alerts.forEach(alert -> array.add(view(alert)));
      Replies.json(ctx, array, Caching.NEVER); // a member's own data: no shared cache may keep it
    }).onFailure(ctx::fail);
  }

  private void handleUpdateAlert(RoutingContext ctx) {
    String userId = Identity.required(ctx);
    JsonObject body = JsonBodies.object(ctx, "the body must be a JSON object");
    Instant now = now();
    Optional<Instant> newExpiry = expiry(body, now);
    boolean changesQuietHours = body.containsKey("quietHours");
    Optional<QuietHours> newQuietHours = quietHours(body.getValue("quietHours"));
    if (newExpiry.isEmpty() && !changesQuietHours) {
      throw ApiException.badRequest("invalid_body", "send quietHours and/or expiresInMinutes or expiresAt to change");
    }
    engine.get(userId, ctx.pathParam("alertId")).compose(found -> {
      Alert alert = found.orElseThrow(() -> ApiException.notFound("no alert '" + ctx.pathParam("alertId") + "'"));
      if (!alert.isActive(now)) {
        throw new ApiException(409, "alert_not_active", "the alert has already fired or expired; create a new one");
      }
      return engine.replace(alert.with(changesQuietHours ? newQuietHours : alert.quietHours(),
          newExpiry.orElse(alert.expiresAt())));
    }).onSuccess(updated -> RequestLoop.write(ctx, () -> ctx.response().putHeader("Content-Type", "application/json")
            .end(view(updated).toBuffer())))
        .onFailure(ctx::fail);
  }

  private void handleDeleteAlert(RoutingContext ctx) {
    String userId = Identity.required(ctx);
    String alertId = ctx.pathParam("alertId");
    engine.get(userId, alertId).compose(found -> {
      if (found.isEmpty()) {
        throw ApiException.notFound("no alert '" + alertId + "'");
      }
      return engine.delete(userId, alertId);
    }).onSuccess(deleted -> RequestLoop.write(ctx, () -> ctx.response().setStatusCode(204).end()))
        .onFailure(ctx::fail);
  }

  /** Millisecond precision, as stored. */
  private Instant now() {
    return Instant.ofEpochMilli(clock.millis());
  }

  // ---- request parsing ----

  private AlertTarget target(JsonObject body) {
    Object machineId = body.getValue("machineId");
    Object gymId = body.getValue("gymId");
    Object category = body.getValue("category");
    if (machineId != null) {
      if (gymId != null || category != null) {
        throw ApiException.badRequest("invalid_target", "give either machineId, or gymId and category, not both");
      }
      Machine machine = machineId instanceof String id ? catalog.machine(id).orElse(null) : null;
      if (machine == null) {
        throw ApiException.badRequest("unknown_machine", "no machine '" + machineId + "'");
      }
      return AlertTarget.machine(machine.machineId(), machine.gymId(), machine.category());
    }
    if (!(gymId instanceof String branch) || !(category instanceof String categoryName)) {
      throw ApiException.badRequest("invalid_target", "give machineId, or gymId and category");
    }
    if (catalog.branch(branch).isEmpty()) {
      throw ApiException.badRequest("unknown_branch", "no branch '" + branch + "'");
    }
    return AlertTarget.category(branch, PathParams.category(categoryName));
  }

  /** The current state when the target is free right now (so an alert would be pointless). */
  private Optional<JsonObject> freeNow(AlertTarget target) {
    if (target.isMachine()) {
      MachineState machine = state.machine(target.machineId()).orElseThrow();
      return machine.status() == MachineStatus.FREE ? Optional.of(views.machine(machine)) : Optional.empty();
    }
    return state.counts(target.gymId(), target.category()).free() > 0
        ? Optional.of(views.category(target.gymId(), target.category())) : Optional.empty();
  }

  private static Optional<QuietHours> quietHours(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof JsonObject json && json.getValue("start") instanceof String start
        && json.getValue("end") instanceof String end) {
      try {
        return Optional.of(new QuietHours(LocalTime.parse(start), LocalTime.parse(end)));
      } catch (DateTimeParseException | IllegalArgumentException e) {
        // reported below
      }
    }
    throw ApiException.badRequest("invalid_quiet_hours",
        "quietHours is {\"start\":\"HH:mm\",\"end\":\"HH:mm\"} in the branch's local time, start and end different");
  }

  /** A new expiry from expiresInMinutes or expiresAt (not both), at most 24 h ahead; empty if neither. */
  private static Optional<Instant> expiry(JsonObject body, Instant now) {
    Object minutes = body.getValue("expiresInMinutes");
    Object at = body.getValue("expiresAt");
    if (minutes != null && at != null) {
      throw ApiException.badRequest("invalid_expiry", "give expiresInMinutes or expiresAt, not both");
    }
    Instant expiry;
    if (minutes != null) {
      if (!(minutes instanceof Integer || minutes instanceof Long) || ((Number) minutes).longValue() < 1) {
        throw ApiException.badRequest("invalid_expiry", "expiresInMinutes must be a whole number from 1 to 1440");
      }
      expiry = now.plus(Duration.ofMinutes(((Number) minutes).longValue()));
    } else if (at != null) {
      try {
        expiry = Instant.parse(String.valueOf(at));
      } catch (DateTimeParseException e) {
        throw ApiException.badRequest("invalid_expiry", "expiresAt must be an ISO-8601 instant, e.g. 2026-11-26T20:00:00Z");
      }
      if (!expiry.isAfter(now)) {
        throw ApiException.badRequest("invalid_expiry", "expiresAt must be in the future");
      }
    } else {
      return Optional.empty();
    }
    if (expiry.isAfter(now.plus(MAX_EXPIRY))) {
      throw ApiException.badRequest("invalid_expiry", "an alert lasts at most 24 hours");
    }
    return Optional.of(expiry);
  }

  private static boolean oneShot(JsonObject body) {
    Object value = body.getValue("oneShot", true);
    if (!(value instanceof Boolean flag)) {
      throw ApiException.badRequest("invalid_body", "oneShot must be true or false");
    }
    return flag;
  }

  private static Duration cooldown(JsonObject body) {
    Object value = body.getValue("cooldownMinutes");
    if (value == null) {
      return DEFAULT_COOLDOWN;
    }
    if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < 1
        || ((Number) value).longValue() > 1440) {
      throw ApiException.badRequest("invalid_cooldown", "cooldownMinutes must be a whole number from 1 to 1440");
    }
    return Duration.ofMinutes(((Number) value).longValue());
  }

  private JsonObject view(Alert alert) {
    Instant now = now();
    JsonObject target = new JsonObject().put("gymId", alert.target().gymId())
        .put("category", alert.target().category().wireName());
    if (alert.target().isMachine()) {
      target.put("machineId", alert.target().machineId());
    }
    String status = alert.isActive(now) ? "pending" : alert.firedAt().isPresent() && alert.oneShot() ? "fired" : "expired";
    return new JsonObject()
        .put("alertId", alert.alertId())
        .put("target", target)
        .put("quietHours", alert.quietHours().map(q -> new JsonObject().put("start", q.start().toString())
            .put("end", q.end().toString())).orElse(null))
        .put("createdAt", alert.createdAt().toString())
        .put("expiresAt", alert.expiresAt().toString())
        .put("oneShot", alert.oneShot())
        .put("cooldownMinutes", alert.cooldown().toMinutes())
        .put("status", status)
        .put("firedAt", alert.firedAt().map(Instant::toString).orElse(null));
  }
}
