package io.gympulse.deploy;

import com.pulumi.test.Mocks;
import com.pulumi.test.TestOptions;
import com.pulumi.test.TestResult;
import com.pulumi.test.internal.PulumiTestInternal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cloud that answers like AWS without being it: every resource gets an id and the computed attributes the program
 * reads (ARNs, generated ids, the IoT certificate), every data source an answer; the inputs of each resource are kept
 * for the tests to read.
 */
final class StackMocks implements Mocks {

  static final String ACCOUNT = "123456789012";
  static final String REGION = "eu-west-1";
  static final String IOT_ENDPOINT = "abc123example-ats.iot.eu-west-1.amazonaws.com";

  final List<ResourceArgs> created = new CopyOnWriteArrayList<>();

  @Override
  public CompletableFuture<ResourceResult> newResourceAsync(ResourceArgs args) {
    created.add(args);
    Map<String, Object> state = new HashMap<>(args.inputs);
    String name = String.valueOf(args.inputs.getOrDefault("name", args.name));
    String service = args.type.split(":")[1].split("/")[0];
    state.putIfAbsent("name", name);
    state.put("arn", "arn:aws:" + service + ":" + REGION + ":" + ACCOUNT + ":" + args.name);
    state.put("arnSuffix", "app/" + args.name + "/0123456789abcdef");
    switch (args.type) {
      case "aws:bedrock/agentAgent:AgentAgent" -> {
        state.put("agentId", "AGENT12345");
        state.put("agentArn", "arn:aws:bedrock:" + REGION + ":" + ACCOUNT + ":agent/AGENT12345");
      }
      case "aws:bedrock/agentAgentAlias:AgentAgentAlias" -> {
        state.put("agentAliasId", "ALIAS12345");
        state.put("agentAliasArn", "arn:aws:bedrock:" + REGION + ":" + ACCOUNT + ":agent-alias/AGENT12345/ALIAS12345");
      }
      case "aws:iot/certificate:Certificate" -> {
        state.put("certificatePem", resource("test-only-cert.pem"));
        state.put("privateKey", resource("test-only-key.pem"));
      }
      case "aws:location/routeCalculation:RouteCalculation" ->
          state.put("calculatorArn", "arn:aws:geo:" + REGION + ":" + ACCOUNT + ":route-calculator/" + args.inputs.get("calculatorName"));
      case "aws:ecr/repository:Repository" -> {
        state.put("repositoryUrl", ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + name);
        state.put("registryId", ACCOUNT);
      }
      case "docker:index/image:Image" ->
          state.put("repoDigest", ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/gym-pulse-gateway-dev@sha256:0123");
      case "aws:lb/loadBalancer:LoadBalancer" -> state.put("dnsName", name + "-1234.eu-west-1.elb.amazonaws.com");
      default -> {
      }
    }
    return CompletableFuture.completedFuture(ResourceResult.of(Optional.of(args.name + "-id"), state));
  }

  @Override
  public CompletableFuture<Map<String, Object>> callAsync(CallArgs args) {
    return CompletableFuture.completedFuture(switch (args.token) {
      case "aws:index/getCallerIdentity:getCallerIdentity" ->
          Map.of("accountId", ACCOUNT, "arn", "arn:aws:iam::" + ACCOUNT + ":user/deployer", "id", ACCOUNT, "userId", "AIDA");
      case "aws:iot/getEndpoint:getEndpoint" -> Map.of("endpointAddress", IOT_ENDPOINT, "id", "iot");
      case "aws:ecr/getAuthorizationToken:getAuthorizationToken" -> Map.of("authorizationToken", "dG9rZW4=",
          "expiresAt", "2099-01-01T00:00:00Z", "id", ACCOUNT, "password", "token", "proxyEndpoint",
          "https://" + ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com", "userName", "AWS");
      default -> throw new IllegalArgumentException("the program calls a data source the mocks do not know: " + args.token);
    });
  }

  /**
   * Runs the program against these mocks with {@code config} (keys as in Pulumi.&lt;stack&gt;.yaml, the secret one
   * marked). {@code PulumiTest.withMocks} takes no configuration; the test builder does, as the CLI passes it.
   */
  TestResult run(String stack, Map<String, String> config) {
    return PulumiTestInternal.builder().mocks(this)
        .options(TestOptions.builder().projectName("gym-pulse").stackName(stack).build())
        .config(config, Set.of("gym-pulse:jwtSecret"))
        .build()
        .runTest(App::stack);
  }

  /** The inputs of every resource of {@code type}, by logical name. */
  Map<String, Map<String, Object>> inputs(String type) {
    Map<String, Map<String, Object>> found = new HashMap<>();
    created.stream().filter(args -> args.type.equals(type)).forEach(args -> found.put(args.name, args.inputs));
    return found;
  }

  static String resource(String name) {
    try (var in = StackMocks.class.getResourceAsStream("/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
