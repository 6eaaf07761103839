package io.gympulse.gateway.upstream;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;

/**
 * An instance's durable session, announced on the broker: a retained {@code up} message on
 * {@code {group}/instances/{instanceId}} while it runs, its Last Will ({@code gone}, retained) if it dies, and an
 * empty retained message (which clears the topic) once its session is released. Survivors adopt the session of an
 * instance that is gone (see {@link SessionAdoption}).
 *
 * @param topic where the instance announces itself
 * @param instanceId the instance
 * @param durableClientId the client id of its durable session
 */
record Presence(String topic, String instanceId, String durableClientId) {

  static final String UP = "up";
  static final String GONE = "gone";

  static Presence of(String group, String instanceId, String durableClientId) {
    return new Presence(filter(group).replace("+", instanceId), instanceId, durableClientId);
  }

  /** The filter that matches every instance's announcement. */
  static String filter(String group) {
    return group + "/instances/+";
  }

  Buffer message(String state) {
    return new JsonObject().put("instanceId", instanceId).put("durableClientId", durableClientId).put("state", state)
        .toBuffer();
  }
}
