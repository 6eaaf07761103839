package io.gympulse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.pulumi.resources.Resource;
import com.pulumi.test.PulumiTest;
import com.pulumi.test.TestResult;
import io.gympulse.gateway.config.ConfigSource;
import io.gympulse.gateway.config.GatewayConfig;
import io.gympulse.gateway.store.dynamodb.DynamoTables;
import io.gympulse.tools.lambda.AvailabilityToolHandler;
import io.gympulse.tools.lambda.ToolFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

/**
 * The whole program, run once against {@link StackMocks} as a dev stack with a certificate and WAF on: what
 * `pulumi up` would create, checked resource by resource against the gateway's own definitions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StackTest {

  private static final Gson JSON = new Gson();
  private final StackMocks mocks = new StackMocks();
  private TestResult result;

  @BeforeAll
  void runTheProgram() {
    result = mocks.run("dev", Map.of("aws:region", "eu-west-1", "gym-pulse:env", "dev",
        "gym-pulse:jwtSecret", "not-a-real-key-only-for-the-mock-tests",
        "gym-pulse:certificateArn", "arn:aws:acm:eu-west-1:123456789012:certificate/test",
        "gym-pulse:wafEnabled", "true"));
  }

  @AfterAll
  void cleanup() {
    PulumiTest.cleanup();
  }

  /** Verifies that the program runs without an error and makes every resource of the design, by its exact name. */
  @Test
  void everyResourceOfTheDesignExistsWithItsName() {
    assertEquals(List.of(), result.errors());
    assertEquals(List.of(), result.exceptions());
    Set<String> made = mocks.created.stream().map(args -> args.type + " " + args.name).collect(Collectors.toSet());
    List<String> expected = List.of(
        "aws:dynamodb/table:Table gym-pulse-current-state-dev", "aws:dynamodb/table:Table gym-pulse-events-dev",
        "aws:dynamodb/table:Table gym-pulse-aggregates-dev", "aws:dynamodb/table:Table gym-pulse-alerts-dev",
        "aws:dynamodb/table:Table gym-pulse-connections-dev",
        "aws:ec2/vpc:Vpc gym-pulse-vpc-dev",
        "aws:ecr/repository:Repository gym-pulse-gateway-dev", "docker:index/image:Image gym-pulse-gateway-image-dev",
        "aws:ecs/cluster:Cluster gym-pulse-cluster-dev", "aws:ecs/taskDefinition:TaskDefinition gym-pulse-gateway-task-dev",
        "aws:ecs/service:Service gym-pulse-gateway-dev", "aws:lb/loadBalancer:LoadBalancer gym-pulse-alb-dev",
        "aws:lb/targetGroup:TargetGroup gym-pulse-gateway-tg-dev", "aws:lb/listener:Listener gym-pulse-https-dev",
        "aws:lb/listener:Listener gym-pulse-http-redirect-dev",
        "aws:appautoscaling/target:Target gym-pulse-gateway-scaling-dev",
        "aws:appautoscaling/policy:Policy gym-pulse-gateway-cpu-scaling-dev",
        "aws:cloudwatch/logGroup:LogGroup gym-pulse-gateway-logs-dev",
        "aws:secretsmanager/secret:Secret gym-pulse-jwt-secret-dev",
        "aws:secretsmanager/secret:Secret gym-pulse-iot-certificate-dev",
        "aws:secretsmanager/secret:Secret gym-pulse-iot-private-key-dev",
        "aws:iot/thingType:ThingType gym-pulse-machine-dev", "aws:iot/thingType:ThingType gym-pulse-branch-hub-dev",
        "aws:iot/policy:Policy GymPulseDevicePolicy", "aws:iot/policy:Policy GymPulseBranchHubPolicy",
        "aws:iot/policy:Policy GymPulseGatewayPolicy", "aws:iot/certificate:Certificate gym-pulse-gateway-certificate-dev",
        "aws:iot/policyAttachment:PolicyAttachment gym-pulse-gateway-policy-attachment-dev",
        "aws:lambda/function:Function gym-pulse-availability-tool-dev",
        "aws:lambda/function:Function gym-pulse-route-matrix-tool-dev",
        "aws:iam/role:Role gym-pulse-tool-lambda-role-dev",
        "aws:location/routeCalculation:RouteCalculation gym-pulse-route-calculator-dev",
        "aws:bedrock/agentAgent:AgentAgent gym-pulse-chat-agent-dev",
        "aws:bedrock/agentAgentAlias:AgentAgentAlias gym-pulse-chat-agent-alias-dev",
        "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup gym-pulse-availability-actions-dev",
        "aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup gym-pulse-routes-actions-dev",
        "aws:lambda/permission:Permission gym-pulse-availability-tool-invoked-by-agent-dev",
        "aws:lambda/permission:Permission gym-pulse-route-matrix-tool-invoked-by-agent-dev",
        "aws:iam/role:Role gym-pulse-bedrock-agent-role-dev",
        "aws:wafv2/webAcl:WebAcl gym-pulse-waf-dev", "aws:wafv2/webAclAssociation:WebAclAssociation gym-pulse-waf-alb-dev",
        "aws:cloudwatch/metricAlarm:MetricAlarm gym-pulse-alb-5xx-dev",
        "aws:cloudwatch/metricAlarm:MetricAlarm gym-pulse-unhealthy-tasks-dev",
        "aws:cloudwatch/metricAlarm:MetricAlarm gym-pulse-events-throttles-dev",
        "aws:cloudwatch/metricAlarm:MetricAlarm gym-pulse-availability-tool-errors-dev",
        "aws:cloudwatch/dashboard:Dashboard gym-pulse-dashboard-dev");
    List<String> missing = expected.stream().filter(name -> !made.contains(name)).toList();
    assertEquals(List.of(), missing, "made: " + new TreeSet<>(made));
    assertEquals("gym-pulse-route-calculator-dev",
        mocks.inputs("aws:location/routeCalculation:RouteCalculation").values().iterator().next().get("calculatorName"));
  }

  /** Verifies that each table has exactly the keys, indexes and TTL the gateway's DynamoTables creates. */
  @Test
  void tablesEqualTheGatewaysDefinitions() {
    DynamoTables gateway = new DynamoTables("dev");
    Map<String, Map<String, Object>> tables = mocks.inputs("aws:dynamodb/table:Table");
    assertEquals(DynamoTables.ALL.size(), tables.size());
    for (String table : DynamoTables.ALL) {
      CreateTableRequest expected = gateway.definition(table);
      Map<String, Object> actual = tables.get(expected.tableName());
      assertEquals(expected.tableName(), actual.get("name"));
      assertEquals(expected.billingModeAsString(), actual.get("billingMode"));
      assertEquals(Map.of("enabled", true), actual.get("serverSideEncryption"), table);
      assertEquals(keys(expected), keysOf(actual), table);
      assertEquals(attributes(expected), attributesOf(actual), table);
      assertEquals(indexes(expected), indexesOf(actual), table);
      assertEquals(DynamoTables.hasTtl(table) ? Map.of("attributeName", DynamoTables.TTL_ATTRIBUTE, "enabled", true) : null,
          actual.get("ttl"), table);
      boolean recovery = table.equals(DynamoTables.CURRENT_STATE) || table.equals(DynamoTables.ALERTS);
      assertEquals(Map.of("enabled", recovery), actual.get("pointInTimeRecovery"), table);
    }
  }

  /**
   * Verifies least privilege: no IAM action with a wildcard, a {@code *} resource only for the allow-listed actions,
   * and the roles hold what the issue says (the tools read two tables, the gateway invokes the alias only).
   */
  @Test
  void iamGrantsNoWildcardActionAndOnlyAllowListedWildcardResources() {
    Map<String, Map<String, Object>> policies = mocks.inputs("aws:iam/rolePolicy:RolePolicy");
    assertEquals(Set.of("gym-pulse-tool-lambda-policy-dev", "gym-pulse-bedrock-agent-policy-dev",
        "gym-pulse-gateway-execution-policy-dev", "gym-pulse-gateway-task-policy-dev"), policies.keySet());
    List<String> wildcards = new ArrayList<>();
    Map<String, List<String>> grants = new HashMap<>();
    policies.forEach((name, inputs) -> {
      for (Map<String, Object> statement : statements((String) inputs.get("policy"))) {
        List<String> actions = strings(statement.get("Action"));
        List<String> resources = strings(statement.get("Resource"));
        actions.forEach(action -> assertFalse(action.contains("*"), name + " grants " + action));
        if (resources.contains("*")) {
          wildcards.addAll(actions);
        }
        actions.forEach(action -> grants.computeIfAbsent(name + " " + action, k -> new ArrayList<>()).addAll(resources));
      }
    });
    assertTrue(Policies.WILDCARD_RESOURCE_ACTIONS.keySet().containsAll(wildcards), "wildcard resources: " + wildcards);
    assertEquals(List.of("arn:aws:dynamodb:eu-west-1:123456789012:gym-pulse-current-state-dev",
        "arn:aws:dynamodb:eu-west-1:123456789012:gym-pulse-aggregates-dev"),
        grants.get("gym-pulse-tool-lambda-policy-dev dynamodb:Scan"));
    assertEquals(List.of("arn:aws:geo:eu-west-1:123456789012:route-calculator/gym-pulse-route-calculator-dev"),
        grants.get("gym-pulse-tool-lambda-policy-dev geo:CalculateRouteMatrix"));
    assertEquals(List.of("arn:aws:bedrock:eu-west-1:123456789012:agent-alias/AGENT12345/ALIAS12345"),
        grants.get("gym-pulse-gateway-task-policy-dev bedrock:InvokeAgent"));
    assertEquals(List.of("arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"),
        grants.get("gym-pulse-bedrock-agent-policy-dev bedrock:InvokeModel"));
    assertEquals(2, grants.get("gym-pulse-bedrock-agent-policy-dev lambda:InvokeFunction").size());
    for (Map<String, Object> permission : mocks.inputs("aws:lambda/permission:Permission").values()) {
      assertEquals("arn:aws:bedrock:eu-west-1:123456789012:agent/AGENT12345", permission.get("sourceArn"));
    }
  }

  /**
   * Verifies that every variable the task gets is a setting the gateway reads (and so documents: its
   * ConfigurationDocumentTest), and that the gateway accepts the whole environment as the task would see it.
   */
  @Test
  void taskEnvironmentIsAValidGatewayConfiguration() {
    Map<String, Object> container = container();
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> variable : maps(container.get("environment"))) {
      env.put((String) variable.get("name"), (String) variable.get("value"));
    }
    List<String> secrets = maps(container.get("secrets")).stream().map(secret -> (String) secret.get("name")).toList();
    assertEquals(List.of("JWT_SECRET", "MQTT_UPSTREAM_CERT", "MQTT_UPSTREAM_KEY"), secrets);
    // what ECS puts in the variables from Secrets Manager
    env.put("JWT_SECRET", "a-test-session-key-of-at-least-32-bytes!");
    env.put("MQTT_UPSTREAM_CERT", StackMocks.resource("test-only-cert.pem"));
    env.put("MQTT_UPSTREAM_KEY", StackMocks.resource("test-only-key.pem"));

    ConfigSource source = ConfigSource.of(env);
    GatewayConfig config = GatewayConfig.from(source);

    Set<String> unknown = new TreeSet<>(env.keySet());
    unknown.removeAll(source.variablesRead().keySet());
    assertEquals(Set.of(), unknown, "variables the gateway does not read");
    assertEquals("mqtts://" + StackMocks.IOT_ENDPOINT + ":8883", env.get("MQTT_UPSTREAM"));
    assertEquals(StackMocks.IOT_ENDPOINT, config.upstream().orElseThrow().host());
    assertEquals("AGENT12345", env.get("BEDROCK_AGENT_ID"));
    assertEquals("ALIAS12345", env.get("BEDROCK_AGENT_ALIAS_ID"));
  }

  /**
   * Verifies the drain is respected end to end: the load balancer keeps an idle WebSocket past two pings, the target
   * group keeps a leaving task's connections while it drains, and ECS waits that long before SIGKILL.
   */
  @Test
  void loadBalancerAndStopKeepPingsAndTheDrain() {
    Map<String, String> env = new HashMap<>();
    maps(container().get("environment")).forEach(v -> env.put((String) v.get("name"), (String) v.get("value")));
    int pingSeconds = Integer.parseInt(env.get("WS_PING_INTERVAL_MS")) / 1000;
    int drainSeconds = Integer.parseInt(env.get("DRAIN_SECONDS"));
    Map<String, Object> alb = mocks.inputs("aws:lb/loadBalancer:LoadBalancer").get("gym-pulse-alb-dev");
    Map<String, Object> targets = mocks.inputs("aws:lb/targetGroup:TargetGroup").get("gym-pulse-gateway-tg-dev");

    assertTrue(((Number) alb.get("idleTimeout")).intValue() > 2 * pingSeconds, "idle timeout " + alb.get("idleTimeout"));
    assertTrue(((Number) targets.get("deregistrationDelay")).intValue() >= drainSeconds);
    assertTrue(((Number) container().get("stopTimeout")).intValue() > drainSeconds);
    assertEquals("/ready", ((Map<?, ?>) targets.get("healthCheck")).get("path"));
    Map<String, Object> https = mocks.inputs("aws:lb/listener:Listener").get("gym-pulse-https-dev");
    assertEquals("arn:aws:acm:eu-west-1:123456789012:certificate/test", https.get("certificateArn"));
    Map<String, Object> service = mocks.inputs("aws:ecs/service:Service").get("gym-pulse-gateway-dev");
    assertEquals(2, ((Number) service.get("desiredCount")).intValue());
    assertEquals(Map.of("enable", true, "rollback", true), service.get("deploymentCircuitBreaker"));
  }

  /** Verifies that the agent's functions and parameters are exactly those the tool handlers declare, each on its Lambda. */
  @Test
  void agentFunctionsEqualTheHandlers() {
    Map<String, Map<String, Object>> groups = mocks.inputs("aws:bedrock/agentAgentActionGroup:AgentAgentActionGroup");
    Map<String, Map<String, Object>> lambdas = mocks.inputs("aws:lambda/function:Function");
    List<String> declared = new ArrayList<>();
    for (ToolFunction function : ToolFunction.all()) {
      declared.add(function.name() + function.parameters().stream()
          .map(p -> p.name() + ":" + p.type() + (p.required() ? "!" : "")).toList());
    }
    List<String> deployed = new ArrayList<>();
    for (ToolLambdas.Tool tool : ToolLambdas.TOOLS) {
      Map<String, Object> group = groups.get("gym-pulse-" + tool.actionGroup() + "-actions-dev");
      Map<?, ?> function = (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((Map<?, ?>) group.get("functionSchema"))
          .get("memberFunctions")).get("functions")).get(0);
      deployed.add(String.valueOf(function.get("name")) + maps(function.get("parameters")).stream()
          .map(p -> p.get("mapBlockKey") + ":" + p.get("type") + (Boolean.TRUE.equals(p.get("required")) ? "!" : ""))
          .toList());
      // the group's Lambda runs the handler that declares the function
      String executor = (String) ((Map<?, ?>) group.get("actionGroupExecutor")).get("lambda");
      assertTrue(executor.endsWith("gym-pulse-" + tool.name() + "-dev"), executor);
      assertEquals(tool.handler(), lambdas.get("gym-pulse-" + tool.name() + "-dev").get("handler"));
      assertEquals(tool.function().name(), function.get("name"));
      assertEquals(tool.function(), handlerFunction(tool.handler()));
    }
    assertEquals(declared, deployed);
    assertEquals(List.of("availability", "routes"),
        groups.values().stream().map(g -> (String) g.get("actionGroupName")).sorted().toList());
  }

  /** Verifies that the availability Lambda is told the stack's names of both tables it reads (its defaults are dev's). */
  @Test
  void availabilityLambdaReadsTheStacksTables() {
    Map<?, ?> environment = (Map<?, ?>) mocks.inputs("aws:lambda/function:Function")
        .get("gym-pulse-availability-tool-dev").get("environment");
    Map<?, ?> variables = (Map<?, ?>) environment.get("variables");
    assertEquals("gym-pulse-current-state-dev", variables.get(AvailabilityToolHandler.CURRENT_STATE_TABLE));
    assertEquals("gym-pulse-aggregates-dev", variables.get(AvailabilityToolHandler.AGGREGATES_TABLE));
  }

  /** Verifies the seed's device policy: connect as itself, publish its own status only, update its own shadow. */
  @Test
  void devicePolicyLetsAMachineBeOnlyItself() {
    Map<String, Object> policy = mocks.inputs("aws:iot/policy:Policy").get("GymPulseDevicePolicy");
    Map<String, List<String>> grants = new LinkedHashMap<>();
    for (Map<String, Object> statement : statements((String) policy.get("policy"))) {
      strings(statement.get("Action")).forEach(action -> grants.put(action, strings(statement.get("Resource"))));
    }
    String arn = "arn:aws:iot:eu-west-1:123456789012:";
    assertEquals(Map.of(
        "iot:Connect", List.of(arn + "client/gym-${iot:Connection.Thing.Attributes[gymId]}-${iot:Connection.Thing.ThingName}"),
        "iot:Publish", List.of(arn + "topic/org/${iot:Connection.Thing.Attributes[gymId]}/machines/"
            + "${iot:Connection.Thing.ThingName}/status"),
        "iot:UpdateThingShadow", List.of(arn + "thing/${iot:Connection.Thing.ThingName}")), grants);
    for (Map<String, Object> iot : mocks.inputs("aws:iot/policy:Policy").values()) {
      for (Map<String, Object> statement : statements((String) iot.get("policy"))) {
        strings(statement.get("Action")).forEach(action -> assertFalse(action.contains("*"), action));
        assertFalse(strings(statement.get("Resource")).contains("*"));
      }
    }
  }

  /** Verifies that every resource that takes tags carries project=gym-pulse and env. */
  @Test
  void everyTaggableResourceIsTagged() throws Exception {
    List<String> untagged = new ArrayList<>();
    int taggable = 0;
    for (Resource resource : result.resources()) {
      boolean takesTags = List.of(resource.getClass().getMethods()).stream().anyMatch(m -> m.getName().equals("tags")
          && m.getParameterCount() == 0);
      if (!takesTags) {
        continue;
      }
      taggable++;
      String name = PulumiTest.extractValue(resource.urn());
      Map<String, Object> inputs = mocks.created.stream().filter(args -> name.endsWith("::" + args.name))
          .findFirst().orElseThrow().inputs;
      Object tags = inputs.get("tags");
      if (!(tags instanceof Map<?, ?> map) || !"gym-pulse".equals(map.get("project")) || !"dev".equals(map.get("env"))) {
        untagged.add(name.substring(name.lastIndexOf("::") + 2));
      }
    }
    assertTrue(taggable > 30, "taggable resources: " + taggable);
    assertEquals(List.of(), untagged);
  }

  /** The {@code FUNCTION} the handler class declares (loading it needs the Lambda runtime and Jackson: test scope). */
  private static Object handlerFunction(String handler) {
    try {
      return Class.forName(handler.substring(0, handler.indexOf("::"))).getField("FUNCTION").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("no handler " + handler, e);
    }
  }

  private Map<String, Object> container() {
    String definitions = (String) mocks.inputs("aws:ecs/taskDefinition:TaskDefinition").get("gym-pulse-gateway-task-dev")
        .get("containerDefinitions");
    return maps(JSON.fromJson(definitions, List.class)).get(0);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> statements(String policy) {
    return maps(JSON.fromJson(policy, Map.class).get("Statement"));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> maps(Object list) {
    return list == null ? List.of() : (List<Map<String, Object>>) list;
  }

  private static List<String> strings(Object value) {
    return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(String.valueOf(value));
  }

  private static List<String> keys(CreateTableRequest table) {
    return table.keySchema().stream().map(k -> k.keyTypeAsString() + ":" + k.attributeName()).toList();
  }

  private static List<String> keysOf(Map<String, Object> table) {
    List<String> keys = new ArrayList<>(List.of("HASH:" + table.get("hashKey")));
    if (table.get("rangeKey") != null) {
      keys.add("RANGE:" + table.get("rangeKey"));
    }
    return keys;
  }

  private static Set<String> attributes(CreateTableRequest table) {
    return table.attributeDefinitions().stream().map(a -> a.attributeName() + ":" + a.attributeTypeAsString())
        .collect(Collectors.toSet());
  }

  private static Set<String> attributesOf(Map<String, Object> table) {
    return maps(table.get("attributes")).stream().map(a -> a.get("name") + ":" + a.get("type")).collect(Collectors.toSet());
  }

  private static Set<String> indexes(CreateTableRequest table) {
    return table.globalSecondaryIndexes().stream().map(i -> i.indexName() + ":" + i.keySchema().get(0).attributeName()
        + ":" + i.keySchema().size() + ":" + i.projection().projectionTypeAsString()).collect(Collectors.toSet());
  }

  private static Set<String> indexesOf(Map<String, Object> table) {
    return maps(table.get("globalSecondaryIndexes")).stream().map(i -> i.get("name") + ":" + i.get("hashKey") + ":"
        + (i.get("rangeKey") == null ? 1 : 2) + ":" + i.get("projectionType")).collect(Collectors.toSet());
  }
}
