package io.gympulse.gateway.upstream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * Recognises a device's Last Will as the broker publishes it: {@code {"status":"offline"}} on the device's status
 * topic, with no timestamp (the device could not stamp a message sent after it vanished). Its time is the gateway's.
 */
final class LastWill {

  private LastWill() {
  }

  /** What a device's Last Will says, for the broker to pass on when a device connected to the gateway vanishes. */
  static Buffer payload() {
    return new JsonObject().put("status", "offline").toBuffer();
  }

  static boolean isWill(Buffer payload) {
    if (payload.length() > 256) {
      return false;
    }
    try {
      JsonObject json = new JsonObject(payload);
      return "offline".equals(json.getValue("status")) && !json.containsKey("timestamp");
    } catch (DecodeException | ClassCastException notAnObject) {
      return false;
    }
  }
}
