package io.gympulse.gateway.alerts;

/** Sends an encoded message to every connection of one user (on the live state's writer context). */
@FunctionalInterface
public interface AlertDelivery {

  /** Returns how many connections it was queued for. */
  int deliverToUser(String userId, byte[] message);
}
