package io.gympulse.deploy;

import com.pulumi.Config;
import com.pulumi.core.Output;
import java.util.List;
import java.util.Optional;

/**
 * The stack's configuration (`pulumi config set gym-pulse:<key> ...`), read and checked once; every key is in
 * pulumi/README.md.
 *
 * @param env {@code dev}, {@code staging} or {@code prod}: the suffix of every name
 * @param region the AWS region ({@code aws:region})
 * @param desiredCount gateway tasks normally running
 * @param maxCount most tasks CPU autoscaling may run
 * @param taskCpu Fargate CPU units of a task (1024 = 1 vCPU)
 * @param taskMemory Fargate memory of a task, MiB
 * @param certificateArn ACM certificate for HTTPS on the load balancer; empty serves plain HTTP (dev only)
 * @param corsOrigins origins browsers may call the API from
 * @param foundationModel the Bedrock model the chat agent runs on
 * @param wafEnabled whether a WAF rate-based rule guards the load balancer
 * @param wafRequestsPer5Minutes requests from one address in 5 minutes above which WAF blocks it
 * @param logRetentionDays days the gateway's and the Lambdas' logs are kept
 * @param upstreamConnections connections each task spreads its IoT Core status subscriptions over
 * @param drainSeconds how long a stopping task spreads its WebSocket closes over ({@code DRAIN_SECONDS})
 * @param pingIntervalMs the gateway's WebSocket ping period ({@code WS_PING_INTERVAL_MS})
 * @param jwtSecret the key of session tokens, at least 32 characters (a secret)
 */
public record Settings(String env, String region, int desiredCount, int maxCount, int taskCpu, int taskMemory,
    Optional<String> certificateArn, List<String> corsOrigins, String foundationModel, boolean wafEnabled,
    int wafRequestsPer5Minutes, int logRetentionDays, int upstreamConnections, int drainSeconds, int pingIntervalMs,
    Output<String> jwtSecret) {

  static final List<String> ENVIRONMENTS = List.of("dev", "staging", "prod");
  /** Fargate's CPU units and the memory each allows (MiB), per the ECS task size table. */
  private static final List<Integer> CPUS = List.of(256, 512, 1024, 2048, 4096);
  /** The longest an ECS container may take to stop after SIGTERM on Fargate (stopTimeout). */
  static final int MAX_STOP_SECONDS = 120;

  /** Reads the {@code gym-pulse} and {@code aws} namespaces; a bad value stops the program naming the key. */
  public static Settings from(Config config, Config aws) {
    String env = config.get("env").orElse("dev");
    check(ENVIRONMENTS.contains(env), "env", "one of " + ENVIRONMENTS + ", got '" + env + "'");
    int desired = config.getInteger("desiredCount").orElse(2);
    int max = config.getInteger("maxCount").orElse(Math.max(6, desired));
    check(desired >= 1 && max >= desired, "desiredCount/maxCount", "1 <= desiredCount <= maxCount");
    int cpu = config.getInteger("taskCpu").orElse(1024);
    check(CPUS.contains(cpu), "taskCpu", "one of " + CPUS);
    int memory = config.getInteger("taskMemory").orElse(2048);
    check(memory >= cpu * 2 && memory <= cpu * 8, "taskMemory", "2 to 8 times taskCpu in MiB for Fargate");
    int drain = config.getInteger("drainSeconds").orElse(20);
    check(drain >= 0 && drain + 15 <= MAX_STOP_SECONDS, "drainSeconds",
        "0 to " + (MAX_STOP_SECONDS - 15) + ": a task must drain and stop within Fargate's 120 s stop timeout");
    List<String> cors = List.of(config.get("corsOrigins").orElse(env.equals("dev") ? "*" : "").split(","))
        .stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    check(!cors.isEmpty(), "corsOrigins", "the web app's origins, e.g. https://app.example (required outside dev)");
    return new Settings(env, aws.get("region").orElse("eu-west-1"), desired, max, cpu, memory,
        config.get("certificateArn").filter(arn -> !arn.isBlank()), cors,
        config.get("foundationModel").orElse("anthropic.claude-3-haiku-20240307-v1:0"),
        config.getBoolean("wafEnabled").orElse(!env.equals("dev")),
        config.getInteger("wafRequestsPer5Minutes").orElse(2000),
        config.getInteger("logRetentionDays").orElse(env.equals("prod") ? 90 : 14),
        config.getInteger("upstreamConnections").orElse(1),
        drain,
        config.getInteger("pingIntervalMs").orElse(30_000),
        config.requireSecret("jwtSecret"));
  }

  /** The load balancer's idle timeout: above twice the ping interval, so an idle WebSocket is never cut. */
  public int idleTimeoutSeconds() {
    return 2 * pingIntervalMs / 1000 + 30;
  }

  private static void check(boolean ok, String key, String expected) {
    if (!ok) {
      throw new IllegalArgumentException("gym-pulse:" + key + " is invalid: expected " + expected);
    }
  }
}
