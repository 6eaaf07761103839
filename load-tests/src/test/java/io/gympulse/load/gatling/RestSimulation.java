package io.gympulse.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Members browsing the REST API (branches, categories, machines, history, forecasts, peak hours, occupancy), half of
 * them with an API key; and one key pushed past its limit (1,000 requests a minute), which must get 429 with
 * {@code Retry-After} while every other request still succeeds.
 *
 * <p>{@code -DusersPerSecond} (5), {@code -DdurationSeconds} (10), {@code -DrestP99Ms} (500), {@code -DapiKeys} (comma-separated) / {@code -DlimitApiKey} (keys the
 * gateway accepts; a local gateway is given its own), {@code -DbaseUrl}.
 */
public class RestSimulation extends Simulation {

  private static final Target TARGET = Target.get();
  private static final double USERS_PER_SECOND = Double.parseDouble(System.getProperty("usersPerSecond", "5"));
  private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("durationSeconds", 10));
  /** A cold gateway in a short smoke is slower than a warm one: full runs pass {@code -DrestP99Ms=50}. */
  private static final int P99_MS = Integer.getInteger("restP99Ms", 500);
  private static final List<String> CATEGORIES = List.of("legs", "chest", "back", "arms", "cardio", "core");
  /** The gateway's per-key limit, a minute; the limit scenario sends this many and a half more at most. */
  private static final int KEY_LIMIT_PER_MINUTE = 1000;

  private static final HttpProtocolBuilder PROTOCOL = http.baseUrl(TARGET.baseUrl()).acceptHeader("application/json")
      .userAgentHeader("gympulse-load-tests");

  /** A member's visit: the chain, a branch, a category, its machines, one machine and what the app shows of it. */
  private static ChainBuilder browse(boolean withKey) {
    return exec(session -> session.set("category", CATEGORIES.get(ThreadLocalRandom.current().nextInt(CATEGORIES.size()))))
        .exec(get("branches", "/branches", withKey).check(jsonPath("$[*].id").findRandom().saveAs("gymId")))
        .pause(Duration.ofMillis(200), Duration.ofMillis(800))
        .exec(get("branch", "/branches/#{gymId}", withKey))
        .exec(get("category", "/branches/#{gymId}/categories/#{category}", withKey))
        .exec(get("machines", "/branches/#{gymId}/categories/#{category}/machines", withKey)
            .check(jsonPath("$[*].machineId").findRandom().saveAs("machineId")))
        .pause(Duration.ofMillis(200), Duration.ofMillis(800))
        .exec(get("machine", "/machines/#{machineId}", withKey))
        .exec(get("history", "/machines/#{machineId}/history?limit=20", withKey))
        .exec(get("machine forecast", "/forecast/machines/#{machineId}?minutes=30", withKey))
        .exec(get("category forecast", "/forecast/branches/#{gymId}/categories/#{category}?minutes=30", withKey))
        .exec(get("peak hours", "/branches/#{gymId}/peak-hours", withKey))
        .exec(get("occupancy", "/branches/#{gymId}/categories/#{category}/occupancy", withKey));
  }

  /** A GET that must answer 200; with {@code withKey} it sends the API key (an empty header would be refused). */
  private static HttpRequestActionBuilder get(String name, String path, boolean withKey) {
    HttpRequestActionBuilder request = http(name).get(path).check(status().in(200, 304));
    return withKey ? request.header("X-Api-Key", "#{apiKey}") : request;
  }

  /** Half the members send an API key (when the run has one), half do not (those are limited per address). */
  private static final ScenarioBuilder BROWSING = TARGET.apiKeys().isEmpty()
      ? scenario("members browsing").exec(browse(false))
      : scenario("members browsing")
          .exec(session -> session.set("apiKey", TARGET.apiKeys().get(ThreadLocalRandom.current().nextInt(TARGET.apiKeys().size()))))
          .randomSwitch().on(percent(50.0).then(browse(true)), percent(50.0).then(browse(false)));

  /**
   * One key, sent as fast as one client can until the gateway says 429: each 429 must carry {@code Retry-After};
   * the last request fails unless a 429 was seen.
   */
  private static final ScenarioBuilder KEY_PAST_ITS_LIMIT = scenario("one key past its limit")
      .exec(session -> session.set("limited", 0).set("sent", 0))
      .asLongAs(session -> session.getInt("limited") == 0 && session.getInt("sent") < KEY_LIMIT_PER_MINUTE * 3 / 2)
      .on(exec(http("key near its limit").get("/branches").header("X-Api-Key", TARGET.limitApiKey().orElse(""))
              // 304: Gatling, like a browser, revalidates with the ETag it was given
              .check(status().in(200, 304, 429).saveAs("status"))
              .checkIf((response, session) -> response.status().code() == 429)
              .then(header("Retry-After").exists()))
          .exec(session -> session.set("sent", session.getInt("sent") + 1)
              .set("limited", session.getInt("status") == 429 ? 1 : 0)))
      .exec(http("key limited with 429").get("/health")
          .check(bodyString().transformWithSession((body, session) -> session.getInt("limited")).is(1)));

  {
    List<io.gatling.javaapi.core.PopulationBuilder> populations = new java.util.ArrayList<>(List.of(
        BROWSING.injectOpen(constantUsersPerSec(USERS_PER_SECOND).during(DURATION))));
    if (TARGET.limitApiKey().isPresent()) {
      populations.add(KEY_PAST_ITS_LIMIT.injectOpen(atOnceUsers(1)));
    }
    setUp(populations).protocols(PROTOCOL).assertions(
        details("branches").responseTime().percentile(99.0).lt(P99_MS),
        details("machine").responseTime().percentile(99.0).lt(P99_MS),
        io.gatling.javaapi.core.CoreDsl.global().failedRequests().count().is(0L));
  }
}
