package io.gympulse.gateway.rest;

import io.gympulse.gateway.config.RateLimitConfig;
import io.gympulse.gateway.lifecycle.Component;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token-bucket rate limits: per API key ({@code X-Api-Key}) when one is sent, else per client address.
 * Over the limit a request gets 429 with {@code Retry-After}; an unknown key gets 401. Keys are kept and
 * compared as SHA-256 hashes (constant time) and never logged. Probes and scrapes ({@code /health},
 * {@code /ready}, {@code /metrics}) are not limited, nor is the web app's page and its bundled files
 * ({@code /}, {@code /app/...}): they are static, and one page load asks for a dozen of them.
 */
public final class RateLimiter implements Handler<RoutingContext>, Component {

  static final String HEADER = "X-Api-Key";
  private static final Set<String> UNLIMITED = Set.of("/health", "/ready", "/metrics");
  /** Buckets idle this long are dropped, so a scan of many addresses cannot grow memory without bound. */
  private static final long IDLE_MILLIS = 10 * 60_000;
  /** Idle buckets are looked for this often. */
  private static final long SWEEP_MILLIS = 60_000;

  private final Vertx vertx;
  private final RateLimitConfig config;
  private final Clock clock;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private long sweepTimer = -1;

  public RateLimiter(Vertx vertx, RateLimitConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
  }

  /** Starts dropping idle buckets; the buckets are thread-safe, so the timer may run on any context. */
  @Override
  public Future<Void> start() {
    sweepTimer = vertx.setPeriodic(SWEEP_MILLIS, id -> sweep());
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(sweepTimer);
    return Future.succeededFuture();
  }

  /** A token bucket refilling {@code perMinute} tokens a minute, holding at most a minute's worth. */
  private static final class Bucket {
    private final double perMilli;
    private final double capacity;
    private double tokens;
    private long last;

    Bucket(int perMinute, long now) {
      this.perMilli = perMinute / 60_000.0;
      this.capacity = perMinute;
      this.tokens = perMinute;
      this.last = now;
    }

    /** Takes a token; returns 0 if granted, else the milliseconds until one is available. */
    synchronized long take(long now) {
      tokens = Math.min(capacity, tokens + (now - last) * perMilli);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - tokens) / perMilli);
    }

    synchronized boolean idleSince(long cutoff) {
      return last < cutoff;
    }
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.request().path();
    if (UNLIMITED.contains(path) || WebAppRoutes.serves(path)) {
      ctx.next();
      return;
    }
    String key = ctx.request().getHeader(HEADER);
    String bucketKey;
    int perMinute;
    if (key != null && !config.apiKeyHashes().isEmpty()) {
      String hash = sha256(key);
      if (!known(hash)) {
        ctx.fail(new ApiException(401, "invalid_api_key", "the " + HEADER + " is not a known API key"));
        return;
      }
      bucketKey = "key:" + hash;
      perMinute = config.perKeyPerMinute();
    } else {
      bucketKey = "address:" + ctx.request().remoteAddress().host();
      perMinute = config.perAddressPerMinute();
    }
    long now = clock.millis();
    long waitMillis = buckets.computeIfAbsent(bucketKey, k -> new Bucket(perMinute, now)).take(now);
    if (waitMillis > 0) {
      ctx.response().putHeader("Retry-After", Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
      ctx.fail(new ApiException(429, "rate_limited", "more than " + perMinute + " requests a minute; retry later"));
      return;
    }
    ctx.next();
  }

  /** Drops idle buckets; called periodically. */
  void sweep() {
    long cutoff = clock.millis() - IDLE_MILLIS;
    buckets.entrySet().removeIf(entry -> entry.getValue().idleSince(cutoff));
  }

  private boolean known(String hash) {
    byte[] presented = hash.getBytes(StandardCharsets.US_ASCII);
    boolean found = false;
    for (String accepted : config.apiKeyHashes()) {
      // compare every entry in constant time: no early exit that times the match
      found |= MessageDigest.isEqual(presented, accepted.getBytes(StandardCharsets.US_ASCII));
    }
    return found;
  }

  static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
