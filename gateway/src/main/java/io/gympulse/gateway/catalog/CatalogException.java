package io.gympulse.gateway.catalog;

/** A catalog document that cannot be used; the message says where it is wrong. */
public final class CatalogException extends RuntimeException {

  public CatalogException(String message) {
    super(message);
  }

  public CatalogException(String message, Throwable cause) {
    super(message, cause);
  }
}
