package io.gympulse.gateway.rest;

/**
 * What a cache or CDN in front may do with a response. Every response says it explicitly: a CDN given no
 * {@code Cache-Control} applies its own default lifetime (CloudFront: a day), which for live counts would be wrong.
 */
enum Caching {

  /** Live state: may be stored, but must be revalidated on every use (cheap: a 304 when the ETag still matches). */
  REVALIDATE("no-cache", true),
  /** Changes only with a release (the API document): fresh for an hour anywhere, then revalidated. */
  RELEASE("public, max-age=3600", true),
  /** Probes, the metrics scrape, a member's own data and errors: never stored, so no tag either. */
  NEVER("no-store", false);

  private final String header;
  private final boolean tagged;

  Caching(String header, boolean tagged) {
    this.header = header;
    this.tagged = tagged;
  }

  /** The {@code Cache-Control} value. */
  String header() {
    return header;
  }

  /** Whether responses carry an {@code ETag} and answer {@code If-None-Match}. */
  boolean tagged() {
    return tagged;
  }
}
