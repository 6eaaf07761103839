package io.gympulse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The program with other stack configurations: plain HTTP without WAF, and configurations it must refuse. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OtherStacksTest {

  private static final String SECRET = "not-a-real-key-only-for-the-mock-tests";

  @AfterEach
  void cleanup() {
    PulumiTest.cleanup();
  }

  /**
   * Verifies that a staging stack without a certificate serves plain HTTP on 80 straight to the tasks, makes no
   * WAF when it is switched off, and names everything with its environment.
   */
  @Test
  void withoutACertificateTheLoadBalancerForwardsPlainHttp() {
    StackMocks mocks = new StackMocks();
    TestResult result = mocks.run("staging", Map.of("gym-pulse:env", "staging", "gym-pulse:jwtSecret", SECRET,
        "gym-pulse:corsOrigins", "https://app.example", "gym-pulse:wafEnabled", "false"));

    assertEquals(List.of(), result.errors());
    Map<String, Map<String, Object>> listeners = mocks.inputs("aws:lb/listener:Listener");
    assertEquals(List.of("gym-pulse-http-staging"), List.copyOf(listeners.keySet()));
    Map<String, Object> http = listeners.get("gym-pulse-http-staging");
    assertEquals(80, ((Number) http.get("port")).intValue());
    Map<?, ?> action = (Map<?, ?>) ((List<?>) http.get("defaultActions")).get(0);
    assertEquals("forward", action.get("type"));
    assertEquals(Map.of(), mocks.inputs("aws:wafv2/webAcl:WebAcl"));
    assertTrue(mocks.inputs("aws:dynamodb/table:Table").containsKey("gym-pulse-alerts-staging"));
  }

  /** Verifies that a stack outside dev without CORS origins is refused, naming the key, before anything is made. */
  @Test
  void aStagingStackWithoutCorsOriginsIsRefused() {
    StackMocks mocks = new StackMocks();
    TestResult result = mocks.run("staging", Map.of("gym-pulse:env", "staging", "gym-pulse:jwtSecret", SECRET));

    assertTrue(result.errors().stream().anyMatch(e -> e.contains("gym-pulse:corsOrigins is invalid")), result.errors().toString());
    assertEquals(List.of(), mocks.created);
  }

  /** Verifies that a drain longer than Fargate's stop timeout allows is refused. */
  @Test
  void aDrainLongerThanFargateAllowsIsRefused() {
    StackMocks mocks = new StackMocks();
    TestResult result = mocks.run("dev", Map.of("gym-pulse:jwtSecret", SECRET, "gym-pulse:drainSeconds", "110"));

    assertTrue(result.errors().stream().anyMatch(e -> e.contains("gym-pulse:drainSeconds is invalid")), result.errors().toString());
  }
}
