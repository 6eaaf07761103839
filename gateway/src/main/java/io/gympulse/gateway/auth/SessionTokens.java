package io.gympulse.gateway.auth;

import io.gympulse.gateway.config.AuthConfig;
import io.gympulse.gateway.lifecycle.Component;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Member identity: anonymous signed session tokens (HS256 JWT) issued here, and, when configured, tokens
 * of an external issuer (e.g. Cognito) verified with its published keys (JWKS). A session's subject is
 * a random id with no personal data; alerts and alert delivery belong to it. Tokens are checked for
 * signature, issuer and expiry; a token is never logged.
 */
public final class SessionTokens implements Component {

  /** An issued session. */
  public record Session(String token, String userId, Instant expiresAt) {
  }

  private static final Logger LOG = LoggerFactory.getLogger(SessionTokens.class);
  /** How often the external issuer's keys are fetched again (key rotation). */
  static final long JWKS_REFRESH_MILLIS = 60 * 60_000;
  private static final long JWKS_RETRY_MILLIS = 30_000;

  private final Vertx vertx;
  private final JWTAuth jwt;
  private final AuthConfig config;
  private final Clock clock;
  /** Verifier of the external issuer's tokens; null until its keys are loaded. */
  private volatile JWTAuth external;
  private long refreshTimer = -1;
  /** Set by {@link #stop()}: a key fetch still in flight then schedules no refresh. */
  private volatile boolean stopped;

  public SessionTokens(Vertx vertx, AuthConfig config, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.clock = clock;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.secret()))
        .setJWTOptions(new JWTOptions().setIssuer(config.issuer())));
  }

  /**
   * Loads the external issuer's keys, if one is configured, and keeps them fresh. Never fails start-up:
   * until the keys load, external tokens are refused and the fetch is retried.
   */
  @Override
  public Future<Void> start() {
    if (config.jwksUrl().isEmpty()) {
      return Future.succeededFuture();
    }
    return loadKeys().recover(e -> Future.succeededFuture());
  }

  @Override
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(refreshTimer);
    return Future.succeededFuture();
  }

  private Future<Void> loadKeys() {
    java.net.URI url = config.jwksUrl().orElseThrow();
    io.vertx.core.http.HttpClient client = vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions()
        .setSsl("https".equals(url.getScheme())).setConnectTimeout(5_000));
    return client.request(new io.vertx.core.http.RequestOptions().setAbsoluteURI(url.toString()).setTimeout(10_000))
        .compose(request -> request.send().compose(response -> response.statusCode() == 200 ? response.body()
            : Future.failedFuture(new IllegalStateException("JWKS answered " + response.statusCode()))))
        .map(body -> {
          JWTAuthOptions options = new JWTAuthOptions()
              .setJWTOptions(new JWTOptions().setIssuer(config.externalIssuer().orElseThrow()));
          JsonArray keys = body.toJsonObject().getJsonArray("keys", new JsonArray());
          keys.stream().filter(JsonObject.class::isInstance).map(JsonObject.class::cast).forEach(options::addJwk);
          external = JWTAuth.create(vertx, options);
          LOG.info("external issuer keys loaded [issuer: {}, keys: {}]", config.externalIssuer().orElseThrow(), keys.size());
          return (Void) null;
        })
        .onComplete(done -> {
          client.close();
          if (stopped) {
            return;
          }
          refreshTimer = vertx.setTimer(done.succeeded() ? JWKS_REFRESH_MILLIS : JWKS_RETRY_MILLIS, id -> loadKeys());
          if (done.failed()) {
            LOG.warn("could not load external issuer keys, retrying [url: {}, reason: {}]", url, done.cause().toString());
          }
        });
  }

  /** A new anonymous member. */
  public Session issue() {
    String userId = "u-" + UUID.randomUUID();
    Instant expiresAt = Instant.ofEpochMilli(clock.millis()).plus(config.tokenLifetime());
    String token = jwt.generateToken(new JsonObject().put("sub", userId),
        new JWTOptions().setAlgorithm("HS256").setIssuer(config.issuer())
            .setExpiresInSeconds((int) config.tokenLifetime().toSeconds()));
    return new Session(token, userId, expiresAt);
  }

  /** The subject of a valid token; fails with {@link InvalidTokenException} otherwise. */
  public Future<String> verify(String token) {
    if (token == null || token.isBlank() || token.length() > 4096) {
      return Future.failedFuture(new InvalidTokenException("a session token is required"));
    }
    JWTAuth externalIssuer = external;
    return jwt.authenticate(new TokenCredentials(token))
        .recover(local -> externalIssuer == null ? Future.failedFuture(local)
            : externalIssuer.authenticate(new TokenCredentials(token)))
        .map(user -> user.principal().getString("sub"))
        .compose(subject -> subject == null || subject.isBlank()
            ? Future.failedFuture(new InvalidTokenException("the token names no subject")) : Future.succeededFuture(subject))
        .recover(e -> Future.failedFuture(e instanceof InvalidTokenException ? e
            : new InvalidTokenException("the session token is invalid or expired")));
  }
}
