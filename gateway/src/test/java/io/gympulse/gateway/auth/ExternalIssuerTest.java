package io.gympulse.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tokens of an external issuer (as Cognito issues them) are accepted with its published keys, and only those. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ExternalIssuerTest {

  private static final String ISSUER = "https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_TestPool";

  private GuardedVertx guarded;
  private HttpServer jwks;
  private TestGateway gateway;
  private KeyPair issuerKeys;
  private KeyPair otherKeys;

  @BeforeEach
  void start() throws Exception {
    guarded = GuardedVertx.create();
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    issuerKeys = generator.generateKeyPair();
    otherKeys = generator.generateKeyPair();
    JsonObject document = new JsonObject().put("keys", new JsonArray().add(jwk((RSAPublicKey) issuerKeys.getPublic(), "k1")));
    // the issuer's JWKS endpoint, on loopback
    jwks = guarded.vertx().createHttpServer()
        .requestHandler(request -> request.response().putHeader("Content-Type", "application/json").end(document.encode()))
        .listen(0, "127.0.0.1").await(5, TimeUnit.SECONDS);
    gateway = TestGateway.start(guarded.vertx(), Map.of("JWT_JWKS_URL", "http://127.0.0.1:" + jwks.actualPort() + "/jwks.json",
        "JWT_EXTERNAL_ISSUER", ISSUER), TestGateway.machineStore());
  }

  @AfterEach
  void stop() throws Exception {
    gateway.stop();
    jwks.close().await(5, TimeUnit.SECONDS);
    guarded.closeAndAssertNoBlocking();
  }

  private static JsonObject jwk(RSAPublicKey key, String kid) {
    return new JsonObject().put("kty", "RSA").put("alg", "RS256").put("use", "sig").put("kid", kid)
        .put("n", base64Url(key.getModulus())).put("e", base64Url(key.getPublicExponent()));
  }

  private static String base64Url(BigInteger value) {
    byte[] bytes = value.toByteArray();
    if (bytes[0] == 0 && bytes.length > 1) {
      bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  private String token(KeyPair keys, String issuer) {
    String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    JWTAuth signer = JWTAuth.create(guarded.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer(pem)));
    return signer.generateToken(new JsonObject().put("sub", "cognito-user-1"),
        new JWTOptions().setAlgorithm("RS256").setIssuer(issuer).setExpiresInSeconds(600).setHeader(new JsonObject().put("kid", "k1")));
  }

  /** Verifies that the external issuer's token is accepted, while one signed by another key or issuer is refused. */
  @Test
  void externalTokensAreVerifiedWithThePublishedKeys() {
    Alerts alerts = new Alerts(gateway.httpPort());
    assertEquals(200, alerts.list(token(issuerKeys, ISSUER)).status(), "the issuer's own token");
    assertEquals(401, alerts.list(token(otherKeys, ISSUER)).status(), "right issuer, wrong key");
    assertEquals(401, alerts.list(token(issuerKeys, "https://evil.example")).status(), "right key, wrong issuer");
    assertEquals(200, alerts.list(alerts.newSession()).status(), "our own sessions still work");
  }
}
