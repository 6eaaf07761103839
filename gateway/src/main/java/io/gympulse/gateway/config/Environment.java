package io.gympulse.gateway.config;

import java.util.Locale;

/** Deployment environment; it sets safe defaults (e.g. CORS is open only in {@code dev}). */
public enum Environment {
  DEV, STAGING, PROD;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
