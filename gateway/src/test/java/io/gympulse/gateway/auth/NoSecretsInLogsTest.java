package io.gympulse.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.read.ListAppender;
import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.GuardedVertx;
import io.gympulse.gateway.testing.Http;
import io.gympulse.gateway.testing.TestGateway;
import io.gympulse.gateway.testing.WsProbe;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/** Secrets, tokens and API keys never reach the logs, even at TRACE, on every failure path, in any part of an event. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoSecretsInLogsTest {

  private static final String API_KEY = "api-key-that-must-never-be-logged-42";
  private static final String FORGED =
      "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ2aWN0aW0ifQ.forged-signature-that-must-not-be-logged";
  /** Libraries whose own logging must be on at TRACE during the test, not only the gateway's. */
  private static final List<String> LIBRARIES = List.of("io.vertx", "io.netty", "software.amazon", "io.gympulse");

  private final LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final Map<Logger, Level> levelsBefore = new HashMap<>();
  private final List<Appender<ILoggingEvent>> consoleAppenders = new ArrayList<>();
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();

  @BeforeEach
  void everyLoggerAtTrace() {
    Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    // TRACE everywhere would flood the console; the capture sees every event instead
    for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext(); ) {
      consoleAppenders.add(appenders.next());
    }
    consoleAppenders.forEach(root::detachAppender);
    captured.start();
    root.addAppender(captured);
    LIBRARIES.forEach(logging::getLogger);
    for (Logger logger : logging.getLoggerList()) {
      levelsBefore.put(logger, logger.getLevel());
      logger.setLevel(Level.TRACE);
    }
  }

  @AfterEach
  void restoreLogging() {
    // loggers created during the test had no level of their own: they go back to inheriting
    for (Logger logger : logging.getLoggerList()) {
      logger.setLevel(levelsBefore.get(logger));
    }
    Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.detachAppender(captured);
    consoleAppenders.forEach(root::addAppender);
  }

  /**
   * Verifies that no part of any log event (message, arguments, MDC, key-values, throwable and stack trace) carries
   * the signing key, a session token, a presented bad token or an API key, with every logger at TRACE.
   */
  @Test
  void secretsAreNeverLogged() throws Exception {
    // GIVEN every library logs at TRACE through the capture
    assertTrue(InternalLoggerFactory.getInstance("io.netty.channel.probe").isTraceEnabled(), "Netty at TRACE");
    assertTrue(io.vertx.core.internal.logging.LoggerFactory.getLogger("io.vertx.core.probe").isTraceEnabled(),
        "Vert.x at TRACE");
    assertTrue(LoggerFactory.getLogger("software.amazon.awssdk.probe").isTraceEnabled(), "AWS SDK at TRACE");

    // WHEN secrets travel every path that handles them, good and bad
    GuardedVertx guarded = GuardedVertx.create();
    TestGateway gateway = null;
    String token;
    try {
      gateway = TestGateway.start(guarded.vertx(), Map.of("API_KEYS", API_KEY), TestGateway.machineStore());
      int port = gateway.httpPort();
      Alerts alerts = new Alerts(port);
      token = alerts.newSession();
      alerts.list(token);
      alerts.list(FORGED);
      Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/branches"))
          .header("X-Api-Key", API_KEY).GET());
      Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/branches"))
          .header("X-Api-Key", API_KEY + "-wrong").GET());
      // tokens in the upgrade URL, where a request log would catch them
      WsProbe.connect(guarded.vertx(), port, "/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)).close();
      String forgedUpgrade = "/ws?token=" + URLEncoder.encode(FORGED, StandardCharsets.UTF_8);
      assertThrows(AssertionError.class, () -> WsProbe.connect(guarded.vertx(), port, forgedUpgrade), "refused");
      WsProbe ws = WsProbe.connect(guarded.vertx(), port);
      ws.send(new JsonObject().put("action", "auth").put("token", FORGED));
      ws.next("error", 5);
      ws.send(new JsonObject().put("action", "auth").put("token", token));
      ws.next("authenticated", 5);
      ws.close();
    } finally {
      if (gateway != null) {
        gateway.stop();
      }
      guarded.closeAndAssertNoBlocking();
    }

    // THEN the capture saw the failure paths that handled a token, and the libraries' own events
    List<ILoggingEvent> events = List.copyOf(captured.list);
    assertTrue(events.stream().anyMatch(e -> e.getFormattedMessage().contains("refused client frame")
        && e.getFormattedMessage().contains("invalid_token")), "the refused in-band token was logged");
    assertTrue(events.stream().anyMatch(e -> e.getLoggerName().startsWith("io.netty")
        && e.getLevel().toInt() <= Level.DEBUG.toInt()), "Netty's DEBUG events were captured");
    // AND no part of any event carries a secret
    for (String secret : List.of(TestGateway.TEST_JWT_SECRET, token, FORGED, API_KEY)) {
      for (ILoggingEvent event : events) {
        assertFalse(everything(event).contains(secret), () -> "a secret was logged by " + event.getLoggerName()
            + " at " + event.getLevel());
      }
    }
  }

  /** Every part of an event an appender or encoder could write. */
  private static String everything(ILoggingEvent event) {
    StringBuilder all = new StringBuilder(event.getFormattedMessage()).append('\n').append(event.getMessage());
    if (event.getArgumentArray() != null) {
      for (Object argument : event.getArgumentArray()) {
        all.append('\n').append(argument);
      }
    }
    event.getMDCPropertyMap().forEach((key, value) -> all.append('\n').append(key).append('=').append(value));
    if (event.getKeyValuePairs() != null) {
      event.getKeyValuePairs().forEach(pair -> all.append('\n').append(pair.key).append('=').append(pair.value));
    }
    if (event.getMarkerList() != null) {
      event.getMarkerList().forEach(marker -> all.append('\n').append(marker));
    }
    if (event.getThrowableProxy() != null) {
      // the whole chain as an encoder prints it: messages, causes, suppressed exceptions, frames
      all.append('\n').append(ThrowableProxyUtil.asString(event.getThrowableProxy()));
    }
    return all.append('\n').append(Objects.toString(event.getThreadName())).toString();
  }
}
