package io.gympulse.gateway.alerts;

/** Sends an encoded message to every connection of one user (called on the live state's writer context). */
@FunctionalInterface
public interface AlertDelivery {

  void deliverToUser(String userId, byte[] message);
}
