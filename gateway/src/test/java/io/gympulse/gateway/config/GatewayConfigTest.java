package io.gympulse.gateway.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Configuration defaults, both spellings of a variable, and one clear message per invalid setting. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class GatewayConfigTest {

  private static final String SECRET = "0123456789abcdef0123456789abcdef-secret";

  /** Verifies that an empty environment gives the documented defaults. */
  @Test
  void emptyEnvironmentGivesDocumentedDefaults() {
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of()));

    assertEquals(8080, config.http().port());
    assertEquals(1883, config.mqtt().port());
    assertEquals(StoreKind.MEMORY, config.store().kind());
    assertFalse(config.store().createTables());
    assertEquals(100, config.mqtt().maxUnackedPerDevice());
    assertEquals(10_000, config.mqtt().maxUnackedTotal());
    assertEquals(Environment.DEV, config.environment());
    assertEquals(List.of("*"), config.http().corsOrigins());
    assertTrue(config.http().corsAllowsAnyOrigin());
    assertFalse(config.simulator().enabled());
    assertEquals(1.0, config.simulator().speed());
    assertEquals(4096, config.mqtt().maxPayloadBytes(), "the contract's 4 KiB payload limit");
    assertEquals(Optional.empty(), config.catalogPath(), "no CATALOG means the bundled sample");
    assertFalse(config.instanceId().isBlank());
  }

  /** Verifies that every documented variable is read. */
  @Test
  void documentedVariablesAreRead(@TempDir Path dir) throws IOException {
    Path catalog = Files.writeString(dir.resolve("catalog.json"), "{}");
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(env(
        "HTTP_PORT", "9090", "MQTT_PORT", "8883", "STORE", "dynamodb", "ENV", "staging", "AWS_REGION", "ap-east-1",
        "JWT_SECRET", SECRET,
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:8000", "CREATE_TABLES", "true",
        "CORS_ORIGINS", "https://a.example, https://b.example", "CATALOG", catalog.toString(),
        "SIMULATOR", "on", "SIMULATOR_SPEED", "60", "INSTANCE_ID", "gw-7", "HEARTBEAT_WINDOW_MS", "1500")));

    assertEquals(9090, config.http().port());
    assertEquals(8883, config.mqtt().port());
    assertEquals(StoreKind.DYNAMODB, config.store().kind());
    assertEquals("ap-east-1", config.store().region());
    assertEquals(Optional.of(java.net.URI.create("http://127.0.0.1:8000")), config.store().dynamoEndpoint());
    assertTrue(config.store().createTables());
    assertEquals(Environment.STAGING, config.environment());
    assertEquals(List.of("https://a.example", "https://b.example"), config.http().corsOrigins());
    assertFalse(config.http().corsAllowsAnyOrigin());
    assertEquals(Optional.of(catalog.toString()), config.catalogPath());
    assertTrue(config.simulator().enabled());
    assertEquals(60.0, config.simulator().speed());
    assertEquals("gw-7", config.instanceId());
    assertEquals(Duration.ofMillis(1500), config.mqtt().heartbeatWindow());
  }

  /** Verifies that the system-property spelling ({@code -Dhttp.port}) is read when the variable is unset. */
  @Test
  void systemPropertySpellingIsRead() {
    Properties properties = new Properties();
    properties.setProperty("http.port", "9191");
    properties.setProperty("simulator.speed", "2.5");

    GatewayConfig config = GatewayConfig.from(new ConfigSource(Map.of(), properties));

    assertEquals(9191, config.http().port());
    assertEquals(2.5, config.simulator().speed());
  }

  /** Verifies that the environment variable wins over the system property of the same name. */
  @Test
  void environmentWinsOverSystemProperty() {
    Properties properties = new Properties();
    properties.setProperty("http.port", "9191");

    GatewayConfig config = GatewayConfig.from(new ConfigSource(Map.of("HTTP_PORT", "9292"), properties));

    assertEquals(9292, config.http().port());
  }

  /** Verifies that word settings are case-insensitive and trimmed. */
  @Test
  void wordSettingsIgnoreCaseAndSurroundingSpace() {
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("STORE", " DynamoDB ", "SIMULATOR", "ON",
        "AWS_REGION", "ap-east-1")));

    assertEquals(StoreKind.DYNAMODB, config.store().kind());
    assertTrue(config.simulator().enabled());
  }

  /** Verifies that port 0 (let the OS choose, as tests do) is accepted. */
  @Test
  void portZeroIsAccepted() {
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("HTTP_PORT", "0", "MQTT_PORT", "0")));

    assertEquals(0, config.http().port());
    assertEquals(0, config.mqtt().port());
  }

  /** Verifies that each invalid setting stops start-up with a message naming the variable and what it accepts. */
  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(delimiter = ';', value = {
      "HTTP_PORT       ; http       ; expected an integer from 0 to 65535",
      "HTTP_PORT       ; 65536      ; expected an integer from 0 to 65535",
      "HTTP_PORT       ; -1         ; expected an integer from 0 to 65535",
      "MQTT_PORT       ; 1883.5     ; expected an integer from 0 to 65535",
      "STORE           ; postgres   ; expected one of memory | dynamodb",
      "ENV             ; production ; expected one of dev | staging | prod",
      "SIMULATOR       ; maybe      ; expected on | off",
      "SIMULATOR_SPEED ; fast       ; expected a positive number",
      "SIMULATOR_SPEED ; 0          ; expected a positive number",
      "SIMULATOR_SPEED ; -60        ; expected a positive number",
      "SIMULATOR_SPEED ; NaN        ; expected a positive number",
      "SIMULATOR_SPEED ; Infinity   ; expected a positive number",
      "MQTT_MIN_KEEPALIVE_SECONDS ; 3601 ; expected an integer from 1 to 3600",
      "MQTTS_PORT      ; 88830      ; expected an integer from 0 to 65535",
      "CHAT            ; openai     ; expected one of local | bedrock-agent",
  })
  void invalidSettingIsRefusedNamingVariableAndAcceptedValues(String variable, String value, String accepted) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of(variable, value))));

    assertTrue(e.getMessage().startsWith(variable + "='" + value + "' is invalid"), e.getMessage());
    assertTrue(e.getMessage().contains(accepted), e.getMessage());
  }

  /** Verifies that production without explicit CORS origins is refused rather than left open to any site. */
  @Test
  void prodWithoutCorsOriginsIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("ENV", "prod"))));

    assertTrue(e.getMessage().startsWith("CORS_ORIGINS must be set when ENV=prod"), e.getMessage());
  }

  /** Verifies that production with explicit CORS origins starts with exactly those. */
  @Test
  void prodWithCorsOriginsIsAccepted() {
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("JWT_SECRET", SECRET,
        "ENV", "prod", "CORS_ORIGINS", "https://app.gympulse.example")));

    assertEquals(Environment.PROD, config.environment());
    assertEquals(List.of("https://app.gympulse.example"), config.http().corsOrigins());
  }

  /** Verifies that a CORS list of only separators is refused rather than read as "no origin allowed". */
  @Test
  void corsOriginsOfOnlySeparatorsIsRefused() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("CORS_ORIGINS", " , ,"))));

    assertTrue(e.getMessage().startsWith("CORS_ORIGINS"), e.getMessage());
  }

  /** Verifies that a malformed CORS origin is refused naming CORS_ORIGINS, not left to fail in the router. */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"app.gympulse.example", "https://app.example/path", "ftp://app.example",
      "https://app.example, not an origin", "https://user@app.example", "https://app.example?x=1"})
  void malformedCorsOriginIsRefused(String origins) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("CORS_ORIGINS", origins))));

    assertTrue(e.getMessage().startsWith("CORS_ORIGINS has '"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  /** Verifies that origins as browsers send them, with a port or a trailing list, are accepted as given. */
  @Test
  void originsWithPortsAreAccepted() {
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("CORS_ORIGINS",
        "http://localhost:5173, https://app.gympulse.example,")));

    assertEquals(List.of("http://localhost:5173", "https://app.gympulse.example"), config.http().corsOrigins());
  }

  /** Verifies that settings each valid but contradictory together stop start-up naming both variables. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "MQTT_MIN_KEEPALIVE_SECONDS=2000                          ; MQTT_MIN_KEEPALIVE_SECONDS (2000) is above MQTT_MAX_KEEPALIVE_SECONDS (1200)",
      "MQTT_MIN_KEEPALIVE_SECONDS=60,MQTT_MAX_KEEPALIVE_SECONDS=30 ; MQTT_MIN_KEEPALIVE_SECONDS (60) is above MQTT_MAX_KEEPALIVE_SECONDS (30)",
      "MQTT_MAX_UNACKED_PER_DEVICE=500,MQTT_MAX_UNACKED_TOTAL=100  ; MQTT_MAX_UNACKED_PER_DEVICE (500) is above MQTT_MAX_UNACKED_TOTAL (100)",
      "WS_FLUSH_INTERVAL_MS=500,WS_STUCK_TIMEOUT_MS=500            ; WS_FLUSH_INTERVAL_MS (500) must be below WS_STUCK_TIMEOUT_MS (500)",
      "HTTP_PORT=1883                                            ; MQTT_PORT (1883) is also HTTP_PORT",
      "MQTT_PORT=9000,HTTP_PORT=9000,MQTT_HOST=127.0.0.1         ; MQTT_PORT (9000) is also HTTP_PORT",
      "MQTT_PLAIN=off                                            ; MQTT_PLAIN=off needs MQTTS",
      "SIMULATOR=on,MQTT_PLAIN=off                               ; MQTT_PLAIN=off needs MQTTS",
      "JWT_JWKS_URL=https://idp.example/jwks.json                ; JWT_JWKS_URL and JWT_EXTERNAL_ISSUER go together",
      "JWT_EXTERNAL_ISSUER=https://idp.example                   ; JWT_JWKS_URL and JWT_EXTERNAL_ISSUER go together",
      "CHAT=bedrock-agent,BEDROCK_AGENT_ID=A1,AWS_REGION=eu-west-1 ; CHAT=bedrock-agent needs BEDROCK_AGENT_ID and BEDROCK_AGENT_ALIAS_ID",
  })
  void contradictorySettingsAreRefusedNamingBoth(String settings, String expected) {
    Map<String, String> env = new java.util.HashMap<>();
    for (String setting : settings.split(",")) {
      env.put(setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
    }

    ConfigException e = assertThrows(ConfigException.class, () -> GatewayConfig.from(ConfigSource.of(env)));

    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  /** Verifies that listeners on different addresses may share a port number, and port 0 never clashes. */
  @Test
  void samePortOnDifferentAddressesOrPortZeroIsAccepted() {
    GatewayConfig apart = GatewayConfig.from(ConfigSource.of(Map.of("HTTP_HOST", "127.0.0.1", "MQTT_HOST", "127.0.0.2",
        "HTTP_PORT", "9000", "MQTT_PORT", "9000")));
    GatewayConfig zero = GatewayConfig.from(ConfigSource.of(Map.of("HTTP_PORT", "0", "MQTT_PORT", "0")));

    assertEquals(9000, apart.mqtt().port());
    assertEquals(0, zero.http().port());
  }

  /** Verifies that the keep-alive bounds may be equal (one exact keep-alive) and the unacked budgets too. */
  @Test
  void equalBoundsAreAccepted() {
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("MQTT_MIN_KEEPALIVE_SECONDS", "60",
        "MQTT_MAX_KEEPALIVE_SECONDS", "60", "MQTT_MAX_UNACKED_PER_DEVICE", "10", "MQTT_MAX_UNACKED_TOTAL", "10")));

    assertEquals(60, config.mqtt().limits().minKeepAliveSeconds());
    assertEquals(10, config.mqtt().maxUnackedTotal());
  }

  /** Verifies that LOG_LEVEL takes Logback's level names in any case and refuses others. */
  @Test
  void logLevelIsChecked() {
    assertEquals("INFO", GatewayConfig.from(ConfigSource.of(Map.of())).logLevel());
    assertEquals("DEBUG", GatewayConfig.from(ConfigSource.of(Map.of("LOG_LEVEL", "debug"))).logLevel());
    ConfigException e = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("LOG_LEVEL", "verbose"))));
    assertEquals("LOG_LEVEL='verbose' is invalid: expected one of TRACE | DEBUG | INFO | WARN | ERROR | OFF", e.getMessage());
  }

  /** Verifies that DynamoDB on AWS needs a region, and a bad endpoint is named. */
  @Test
  void dynamoDbSettingsAreValidated() {
    ConfigException noRegion = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("STORE", "dynamodb"))));
    assertTrue(noRegion.getMessage().contains("AWS_REGION"), noRegion.getMessage());
    ConfigException badEndpoint = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("STORE", "dynamodb", "DYNAMODB_ENDPOINT", "localhost:8000"))));
    assertTrue(badEndpoint.getMessage().startsWith("DYNAMODB_ENDPOINT='localhost:8000' is invalid"), badEndpoint.getMessage());
    assertEquals("us-east-1", GatewayConfig.from(ConfigSource.of(Map.of("STORE", "dynamodb",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:8000"))).store().region(), "any region works with a local endpoint");
  }

  /** Verifies that the Bedrock agent mode needs its ids and a region, and is off by default. */
  @Test
  void bedrockAgentChatSettingsAreValidated() {
    assertFalse(GatewayConfig.from(ConfigSource.of(Map.of())).chat().bedrock(), "the local assistant is the default");
    ConfigException noIds = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("CHAT", "bedrock-agent", "AWS_REGION", "us-east-1"))));
    assertTrue(noIds.getMessage().contains("BEDROCK_AGENT_ID"), noIds.getMessage());
    ConfigException noRegion = assertThrows(ConfigException.class, () -> GatewayConfig.from(ConfigSource.of(Map.of(
        "CHAT", "bedrock-agent", "BEDROCK_AGENT_ID", "A1", "BEDROCK_AGENT_ALIAS_ID", "B2"))));
    assertTrue(noRegion.getMessage().contains("AWS_REGION"), noRegion.getMessage());
    ConfigException badMode = assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("CHAT", "openai"))));
    assertTrue(badMode.getMessage().startsWith("CHAT='openai' is invalid"), badMode.getMessage());
    ChatConfig chat = GatewayConfig.from(ConfigSource.of(Map.of("CHAT", "bedrock-agent", "BEDROCK_AGENT_ID", "A1",
        "BEDROCK_AGENT_ALIAS_ID", "B2", "AWS_REGION", "eu-west-1"))).chat();
    assertEquals(List.of("A1", "B2", "eu-west-1"), List.of(chat.agentId(), chat.aliasId(), chat.region()));
  }

  /** Verifies that the signing secret is required outside dev, checked for length, and never echoed. */
  @Test
  void jwtSecretIsRequiredCheckedAndNeverPrinted() {
    ConfigException missing = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("ENV", "prod", "CORS_ORIGINS", "https://app.example"))));
    assertTrue(missing.getMessage().startsWith("JWT_SECRET must be set when ENV=prod"), missing.getMessage());
    ConfigException tooShort = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
        () -> GatewayConfig.from(ConfigSource.of(Map.of("JWT_SECRET", "hunter2-short"))));
    assertFalse(tooShort.getMessage().contains("hunter2"), "the secret must never be printed: " + tooShort.getMessage());
    GatewayConfig config = GatewayConfig.from(ConfigSource.of(Map.of("JWT_SECRET", SECRET)));
    assertFalse(config.toString().contains(SECRET), "configuration printouts must redact the secret");
    assertFalse(config.auth().generated());
    assertTrue(GatewayConfig.from(ConfigSource.of(Map.of())).auth().generated(), "dev makes one up");
  }

  private static Map<String, String> env(String... namesAndValues) {
    Map<String, String> env = new java.util.HashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      env.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return env;
  }
}
