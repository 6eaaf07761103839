package io.gympulse.gateway.auth;

import io.gympulse.gateway.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Member identity: anonymous signed session tokens (HS256 JWT). A session's subject is a random id with
 * no personal data; alerts and alert delivery belong to it. Tokens are checked for signature, issuer and
 * expiry; a token is never logged.
 */
public final class SessionTokens {

  /** An issued session. */
  public record Session(String token, String userId, Instant expiresAt) {
  }

  private final JWTAuth jwt;
  private final AuthConfig config;
  private final Clock clock;

  public SessionTokens(Vertx vertx, AuthConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(config.secret()))
        .setJWTOptions(new JWTOptions().setIssuer(config.issuer())));
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
    return jwt.authenticate(new TokenCredentials(token))
        .map(user -> user.principal().getString("sub"))
        .compose(subject -> subject == null || subject.isBlank()
            ? Future.failedFuture(new InvalidTokenException("the token names no subject")) : Future.succeededFuture(subject))
        .recover(e -> Future.failedFuture(e instanceof InvalidTokenException ? e
            : new InvalidTokenException("the session token is invalid or expired")));
  }
}
