package io.gympulse.gateway.alerts;

/**
 * Tells the other gateway instances that one of a user's alerts was created, changed or deleted, so that they re-read
 * it and every instance can fire it. A single instance has nobody to tell.
 */
@FunctionalInterface
public interface AlertChanges {

  AlertChanges NOBODY = (userId, alertId) -> { };

  void changed(String userId, String alertId);
}
