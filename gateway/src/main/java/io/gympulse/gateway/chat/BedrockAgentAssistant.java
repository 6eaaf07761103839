package io.gympulse.gateway.chat;

import io.gympulse.gateway.config.ChatConfig;
import io.gympulse.tools.Position;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockagentruntime.BedrockAgentRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentRequest;
import software.amazon.awssdk.services.bedrockagentruntime.model.InvokeAgentResponseHandler;
import software.amazon.awssdk.services.bedrockagentruntime.model.OrchestrationTrace;
import software.amazon.awssdk.services.bedrockagentruntime.model.TracePart;

/**
 * {@code CHAT=bedrock-agent}: the Bedrock agent answers, calling the tool Lambdas. The member's location
 * goes along as session attributes ({@code lat}, {@code lon}, which the tools read); the streamed
 * completion is the reply; the trace says which tools ran and what the availability and route tools
 * returned, from which the recommendations are built. Never blocks: the SDK future is bridged onto the
 * caller's context.
 */
public final class BedrockAgentAssistant implements Assistant {

  private static final Map<String, String> TOOL_NAMES = Map.of("find_available_branches", "availability",
      "availability", "availability", "travel_times", "route_matrix", "routes", "route_matrix");

  private final BedrockAgentRuntimeAsyncClient client;
  private final ChatConfig config;

  public BedrockAgentAssistant(BedrockAgentRuntimeAsyncClient client, ChatConfig config) {
    this.client = client;
    this.config = config;
  }

  /** The client, built once: async (only it has invokeAgent), on Netty, region set explicitly. */
  public static BedrockAgentRuntimeAsyncClient client(ChatConfig config) {
    BedrockAgentRuntimeAsyncClientBuilder builder = BedrockAgentRuntimeAsyncClient.builder()
        .region(Region.of(config.region()))
        .httpClientBuilder(NettyNioAsyncHttpClient.builder())
        .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(25)));
    config.endpoint().ifPresentOrElse(
        uri -> builder.endpointOverride(uri)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))),
        () -> builder.credentialsProvider(DefaultCredentialsProvider.builder().build()));
    return builder.build();
  }

  @Override
  public Future<JsonObject> answer(String message, Optional<Position> location, Optional<String> sessionId) {
    String session = sessionId.orElseGet(() -> UUID.randomUUID().toString());
    Map<String, String> attributes = location.map(p -> Map.of("lat", Double.toString(p.lat()), "lon", Double.toString(p.lon())))
        .orElse(Map.of());
    InvokeAgentRequest request = InvokeAgentRequest.builder().agentId(config.agentId()).agentAliasId(config.aliasId())
        .sessionId(session).inputText(message).enableTrace(true)
        .sessionState(state -> state.sessionAttributes(attributes)).build();
    Collected collected = new Collected();
    InvokeAgentResponseHandler handler = InvokeAgentResponseHandler.builder()
        .subscriber(InvokeAgentResponseHandler.Visitor.builder()
            .onChunk(chunk -> collected.reply(chunk.bytes().asUtf8String()))
            .onTrace(collected::trace)
            .build())
        .build();
    // The SDK resolves credentials, marshals and signs on the calling thread before it goes async, and the first
    // call also loads hundreds of classes (seconds on a busy machine): start the call on a worker, not the event
    // loop. Chat is rare next to its own seconds of model latency, so the extra hop costs nothing. Called from a
    // route handler: the answer completes back on the request's context.
    Context context = Vertx.currentContext();
    return context.executeBlocking(() -> client.invokeAgent(request, handler), false)
        .compose(call -> Future.fromCompletionStage(call, context))
        .map(v -> collected.toJson(session));
  }

  /** What the stream delivered; the SDK calls it from its threads, so it is synchronized. */
  private static final class Collected {

    private final StringBuilder reply = new StringBuilder();
    private final Set<String> tools = new LinkedHashSet<>();
    private final Map<String, JsonObject> recommendations = new LinkedHashMap<>();

    synchronized void reply(String text) {
      reply.append(text);
    }

    synchronized void trace(TracePart part) {
      OrchestrationTrace orchestration = part.trace() == null ? null : part.trace().orchestrationTrace();
      if (orchestration == null) {
        return;
      }
      if (orchestration.invocationInput() != null && orchestration.invocationInput().actionGroupInvocationInput() != null) {
        var input = orchestration.invocationInput().actionGroupInvocationInput();
        tools.add(toolName(input.function(), input.actionGroupName()));
      }
      if (orchestration.observation() != null && orchestration.observation().actionGroupInvocationOutput() != null) {
        read(orchestration.observation().actionGroupInvocationOutput().text());
      }
    }

    /**
     * The public tool name for an action-group call, so {@code toolsUsed} reads the same in both modes:
     * the agent's functions (see the Lambdas' event fixtures) map to the names local mode reports.
     */
    static String toolName(String function, String actionGroup) {
      String name = function != null ? function : actionGroup;
      return TOOL_NAMES.getOrDefault(name, name);
    }

    /** Tool outputs are our Lambdas' JSON: branches (availability) and routes (route matrix). */
    private void read(String text) {
      JsonObject output;
      try {
        output = new JsonObject(text == null ? "{}" : text);
      } catch (DecodeException | ClassCastException notOurs) {
        return;
      }
      JsonArray branches = output.getJsonArray("branches", new JsonArray());
      for (Object item : branches) {
        if (item instanceof JsonObject branch && branch.getString("gymId") != null) {
          // the availability tool estimates walking time and the chance of a free machine on arrival
          recommendations.merge(branch.getString("gymId"), new JsonObject().put("gymId", branch.getString("gymId"))
              .put("name", branch.getString("name")).put("free", branch.getInteger("free")).put("total", branch.getInteger("total"))
              .put("distanceKm", branch.getDouble("distanceKm")).put("etaMinutes", branch.getDouble("etaMinutes"))
              .put("estimated", branch.getBoolean("estimated", true)).put("freeOnArrival", branch.getDouble("freeOnArrival"))
              .put("confidence", branch.getDouble("confidence")).put("arrivalAt", branch.getString("arrivalAt")),
              JsonObject::mergeIn);
        }
      }
      for (Object item : output.getJsonArray("routes", new JsonArray())) {
        if (item instanceof JsonObject route && recommendations.containsKey(route.getString("gymId"))) {
          recommendations.get(route.getString("gymId")).put("etaMinutes", route.getDouble("minutes"))
              .put("estimated", route.getBoolean("estimated", true));
        }
      }
    }

    synchronized JsonObject toJson(String session) {
      JsonArray picks = new JsonArray();
      recommendations.values().stream().limit(3).forEach(picks::add);
      String text = reply.length() == 0 ? "The assistant gave no answer; please try again." : reply.toString();
      return new JsonObject().put("reply", text).put("recommendations", picks)
          .put("toolsUsed", new JsonArray(List.copyOf(tools))).put("sessionId", session);
    }
  }
}
