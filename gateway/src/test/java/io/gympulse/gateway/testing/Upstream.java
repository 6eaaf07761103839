package io.gympulse.gateway.testing;

import static io.gympulse.gateway.testing.Eventually.waitUntil;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/** What a gateway's {@code /ready} says of its connections to the broker upstream. */
public final class Upstream {

  private Upstream() {
  }

  /** {@code up} or {@code degraded}; null when the gateway has no broker upstream. */
  public static String status(int httpPort) {
    return Http.get(httpPort, "/ready").<JsonObject>json().getJsonObject("upstream", new JsonObject())
        .getString("status");
  }

  /** Waits until every broker connection is up and subscribed: the broker delivers only to acknowledged subscriptions. */
  public static void awaitUp(int httpPort, Duration within) throws InterruptedException {
    waitUntil(() -> "up".equals(status(httpPort)), within);
  }
}
