package io.gympulse.gateway.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** Times on the wire are plain decimal epoch seconds, as the API documents, whatever digits they end in. */
class EpochSecondsTest {

  /** Verifies that fractional, whole and round whole seconds are all written without an exponent. */
  @Test
  void epochSecondsAreWrittenPlainly() {
    assertEquals("{\"t\":1764150000.25}", new JsonObject().put("t", StateViews.epochSeconds(1_764_150_000.25)).encode());
    assertEquals("{\"t\":1795847281}", new JsonObject().put("t", StateViews.epochSeconds(1_795_847_281.0)).encode());
    assertEquals("{\"t\":1795847280}", new JsonObject().put("t", StateViews.epochSeconds(1_795_847_280.0)).encode());
    assertEquals("{\"t\":1800000000}", new JsonObject().put("t", StateViews.epochSeconds(1_800_000_000.0)).encode());
  }
}
