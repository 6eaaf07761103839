package io.gympulse.gateway.store;

/** A history cursor that this store did not issue. */
public final class InvalidCursorException extends RuntimeException {

  public InvalidCursorException(String message) {
    super(message);
  }
}
