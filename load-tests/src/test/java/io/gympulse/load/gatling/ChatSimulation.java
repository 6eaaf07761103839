package io.gympulse.load.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Members asking the assistant ({@code POST /chat}, the gateway's local mode unless it runs the Bedrock agent) in
 * their own words, from places around Hong Kong; every answer must be a reply, and p95 is held.
 *
 * <p>{@code -DusersPerSecond} (3), {@code -DdurationSeconds} (10), {@code -DchatP95Ms} (500), {@code -DbaseUrl}.
 */
public class ChatSimulation extends Simulation {

  private static final Target TARGET = Target.get();
  private static final double USERS_PER_SECOND = Double.parseDouble(System.getProperty("usersPerSecond", "3"));
  private static final Duration DURATION = Duration.ofSeconds(Integer.getInteger("durationSeconds", 10));
  private static final int P95_MS = Integer.getInteger("chatP95Ms", 500);
  private static final List<String> PHRASINGS = List.of(
      "leg day near me?", "where can I do legs now", "any free squat rack close by?", "I want to do chest",
      "bench press free near me?", "cardio nearby", "need a treadmill", "back and biceps today, where?",
      "is there a free rowing machine near me", "core workout, which gym?", "arms day", "somewhere to train legs by car");

  private static final HttpProtocolBuilder PROTOCOL = http.baseUrl(TARGET.baseUrl()).acceptHeader("application/json")
      .contentTypeHeader("application/json").userAgentHeader("gympulse-load-tests");

  private static final ScenarioBuilder ASKING = scenario("members asking")
      .exec(session -> {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return session.set("message", PHRASINGS.get(random.nextInt(PHRASINGS.size())))
            // Hong Kong Island to Kowloon
            .set("lat", String.format(Locale.ROOT, "%.4f", 22.27 + random.nextDouble() * 0.06))
            .set("lon", String.format(Locale.ROOT, "%.4f", 114.14 + random.nextDouble() * 0.06));
      })
      .exec(http("chat").post("/chat")
          .body(StringBody("{\"message\":\"#{message}\",\"location\":{\"lat\":#{lat},\"lon\":#{lon}}}"))
          .check(status().is(200), jsonPath("$.reply").exists(), jsonPath("$.recommendations").exists()));

  {
    setUp(ASKING.injectOpen(constantUsersPerSec(USERS_PER_SECOND).during(DURATION))).protocols(PROTOCOL).assertions(
        details("chat").responseTime().percentile(95.0).lt(P95_MS),
        global().failedRequests().count().is(0L));
  }
}
