package io.gympulse.gateway.auth;

/** A token that is missing, malformed, forged, expired or from another issuer. */
public final class InvalidTokenException extends RuntimeException {

  public InvalidTokenException(String message) {
    super(message, null, false, false);
  }
}
