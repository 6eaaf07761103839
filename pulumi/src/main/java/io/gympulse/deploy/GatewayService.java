package io.gympulse.deploy;

import com.pulumi.aws.appautoscaling.Policy;
import com.pulumi.aws.appautoscaling.PolicyArgs;
import com.pulumi.aws.appautoscaling.Target;
import com.pulumi.aws.appautoscaling.TargetArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationArgs;
import com.pulumi.aws.appautoscaling.inputs.PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.ecs.Cluster;
import com.pulumi.aws.ecs.ClusterArgs;
import com.pulumi.aws.ecs.Service;
import com.pulumi.aws.ecs.ServiceArgs;
import com.pulumi.aws.ecs.TaskDefinition;
import com.pulumi.aws.ecs.TaskDefinitionArgs;
import com.pulumi.aws.ecs.inputs.ClusterSettingArgs;
import com.pulumi.aws.ecs.inputs.ServiceDeploymentCircuitBreakerArgs;
import com.pulumi.aws.ecs.inputs.ServiceLoadBalancerArgs;
import com.pulumi.aws.ecs.inputs.ServiceNetworkConfigurationArgs;
import com.pulumi.aws.ecs.inputs.TaskDefinitionRuntimePlatformArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lb.Listener;
import com.pulumi.aws.lb.ListenerArgs;
import com.pulumi.aws.lb.LoadBalancer;
import com.pulumi.aws.lb.LoadBalancerArgs;
import com.pulumi.aws.lb.TargetGroup;
import com.pulumi.aws.lb.TargetGroupArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionArgs;
import com.pulumi.aws.lb.inputs.ListenerDefaultActionRedirectArgs;
import com.pulumi.aws.lb.inputs.TargetGroupHealthCheckArgs;
import com.pulumi.aws.secretsmanager.Secret;
import com.pulumi.aws.secretsmanager.SecretArgs;
import com.pulumi.aws.secretsmanager.SecretVersion;
import com.pulumi.aws.secretsmanager.SecretVersionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import io.gympulse.deploy.Policies.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The gateway on ECS Fargate behind an Application Load Balancer: N tasks following IoT Core, on DynamoDB, answering
 * chat through the Bedrock agent. Secrets (the session key, the IoT certificate and key) reach the tasks from Secrets
 * Manager only. A stopping task drains (`/ready` 503, WebSocket clients told to reconnect over {@code DRAIN_SECONDS});
 * the target group waits that long before it cuts connections, and ECS waits that long before SIGKILL.
 */
public final class GatewayService {

  public static final int CONTAINER_PORT = 8080;
  static final String CONTAINER = "gateway";

  private final LoadBalancer loadBalancer;
  private final TargetGroup targets;
  private final Service service;
  private final Cluster cluster;
  private final LogGroup logs;

  public GatewayService(Naming naming, Settings settings, Network network, Tables tables, Iot iot, Agent agent,
      GatewayImage image) {
    logs = new LogGroup(naming.name("gateway-logs"), LogGroupArgs.builder().name("/ecs/" + naming.name("gateway"))
        .retentionInDays(settings.logRetentionDays()).tags(naming.tags()).build());
    Map<String, Secret> secrets = new LinkedHashMap<>();
    secrets.put("JWT_SECRET", secret(naming, "jwt-secret", "HS256 key of member session tokens", settings.jwtSecret()));
    secrets.put("MQTT_UPSTREAM_CERT", secret(naming, "iot-certificate", "The gateway's IoT Core client certificate",
        iot.gatewayCertificatePem()));
    secrets.put("MQTT_UPSTREAM_KEY", secret(naming, "iot-private-key", "The key of the gateway's IoT Core certificate",
        iot.gatewayPrivateKey()));

    Role execution = new Role(naming.name("gateway-execution-role"), RoleArgs.builder()
        .name(naming.name("gateway-execution-role")).assumeRolePolicy(Policies.assumedBy("ecs-tasks.amazonaws.com"))
        .tags(naming.tags()).build());
    RolePolicy executionPolicy = new RolePolicy(naming.name("gateway-execution-policy"), RolePolicyArgs.builder()
        .role(execution.name()).policy(Policies.document(List.of(
            Statement.allow(List.of("ecr:GetAuthorizationToken"), Output.of("*")),
            Statement.allow(List.of("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"),
                image.repositoryArn()),
            Statement.allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"), logs.arn().applyValue(arn -> arn + ":*")),
            Statement.allow(List.of("secretsmanager:GetSecretValue"), secrets.values().stream().map(Secret::arn).toList()))))
        .build());
    Role task = new Role(naming.name("gateway-task-role"), RoleArgs.builder().name(naming.name("gateway-task-role"))
        .assumeRolePolicy(Policies.assumedBy("ecs-tasks.amazonaws.com")).tags(naming.tags()).build());
    RolePolicy taskPolicy = new RolePolicy(naming.name("gateway-task-policy"), RolePolicyArgs.builder().role(task.name())
        .policy(Policies.document(List.of(
            // what the DynamoDB store does (the tables exist: CREATE_TABLES stays off, so no CreateTable)
            Statement.allow(List.of("dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem",
                "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:Query", "dynamodb:Scan",
                "dynamodb:BatchWriteItem", "dynamodb:BatchGetItem"), tables.arnsWithIndexes()),
            Statement.allow(List.of("bedrock:InvokeAgent"), agent.aliasArn()))))
        .build());

    cluster = new Cluster(naming.name("cluster"), ClusterArgs.builder().name(naming.name("cluster"))
        .settings(ClusterSettingArgs.builder().name("containerInsights").value("enabled").build())
        .tags(naming.tags()).build());
    TaskDefinition definition = new TaskDefinition(naming.name("gateway-task"), TaskDefinitionArgs.builder()
        .family(naming.name("gateway"))
        .requiresCompatibilities("FARGATE").networkMode("awsvpc")
        .cpu(String.valueOf(settings.taskCpu())).memory(String.valueOf(settings.taskMemory()))
        .runtimePlatform(TaskDefinitionRuntimePlatformArgs.builder().cpuArchitecture("X86_64")
            .operatingSystemFamily("LINUX").build())
        .executionRoleArn(execution.arn()).taskRoleArn(task.arn())
        .containerDefinitions(containerDefinitions(settings, environment(settings, tables, iot, agent), secrets,
            image.reference(), logs.name()))
        .tags(naming.tags()).build(),
        CustomResourceOptions.builder().dependsOn(executionPolicy, taskPolicy).build());

    loadBalancer = new LoadBalancer(naming.name("alb"), LoadBalancerArgs.builder().name(naming.name("alb"))
        .loadBalancerType("application").internal(false)
        .securityGroups(network.loadBalancerGroup().id().applyValue(List::of)).subnets(network.subnetIds())
        .idleTimeout(settings.idleTimeoutSeconds()).dropInvalidHeaderFields(true)
        .tags(naming.tags()).build());
    targets = new TargetGroup(naming.name("gateway-tg"), TargetGroupArgs.builder().name(naming.name("gateway-tg"))
        .port(CONTAINER_PORT).protocol("HTTP").targetType("ip").vpcId(network.vpcId())
        .deregistrationDelay(deregistrationDelaySeconds(settings))
        .healthCheck(TargetGroupHealthCheckArgs.builder().path("/ready").matcher("200").interval(10).timeout(5)
            .healthyThreshold(2).unhealthyThreshold(3).build())
        .tags(naming.tags()).build());
    listeners(naming, settings);

    service = new Service(naming.name("gateway"), ServiceArgs.builder().name(naming.name("gateway"))
        .cluster(cluster.arn()).taskDefinition(definition.arn()).launchType("FARGATE")
        .desiredCount(settings.desiredCount())
        .deploymentMinimumHealthyPercent(100).deploymentMaximumPercent(200)
        .deploymentCircuitBreaker(ServiceDeploymentCircuitBreakerArgs.builder().enable(true).rollback(true).build())
        // start-up rebuilds the occupancy bins from DynamoDB before /ready says yes
        .healthCheckGracePeriodSeconds(120)
        .networkConfiguration(ServiceNetworkConfigurationArgs.builder().subnets(network.subnetIds())
            .securityGroups(network.taskGroup().id().applyValue(List::of)).assignPublicIp(true).build())
        .loadBalancers(ServiceLoadBalancerArgs.builder().targetGroupArn(targets.arn()).containerName(CONTAINER)
            .containerPort(CONTAINER_PORT).build())
        .propagateTags("SERVICE").enableEcsManagedTags(true)
        .tags(naming.tags()).build());
    autoscaling(naming, settings);
  }

  /** Every variable is a setting the gateway documents (docs/configuration.md); the secrets come separately. */
  static Map<String, Output<String>> environment(Settings settings, Tables tables, Iot iot, Agent agent) {
    Map<String, Output<String>> env = new LinkedHashMap<>();
    env.put("ENV", Output.of(settings.env()));
    env.put("AWS_REGION", Output.of(settings.region()));
    env.put("HTTP_PORT", Output.of(String.valueOf(CONTAINER_PORT)));
    env.put("STORE", Output.of("dynamodb"));
    // devices connect to IoT Core; the gateway's own MQTT listener stays off
    env.put("MQTT_PLAIN", Output.of("off"));
    env.put("MQTT_UPSTREAM", iot.endpoint().applyValue(host -> "mqtts://" + host + ":8883"));
    env.put("MQTT_UPSTREAM_CONNECTIONS", Output.of(String.valueOf(settings.upstreamConnections())));
    env.put("MQTT_UPSTREAM_GROUP", Output.of(Iot.group(settings.env())));
    env.put("CORS_ORIGINS", Output.of(String.join(",", settings.corsOrigins())));
    env.put("CHAT", Output.of("bedrock-agent"));
    env.put("BEDROCK_AGENT_ID", agent.agentId());
    env.put("BEDROCK_AGENT_ALIAS_ID", agent.aliasId());
    env.put("DRAIN_SECONDS", Output.of(String.valueOf(settings.drainSeconds())));
    env.put("WS_PING_INTERVAL_MS", Output.of(String.valueOf(settings.pingIntervalMs())));
    env.put("LOG_LEVEL", Output.of("INFO"));
    return env;
  }

  /** The target group keeps a leaving task's connections while the gateway drains them itself, and a little more. */
  static int deregistrationDelaySeconds(Settings settings) {
    return settings.drainSeconds() + 10;
  }

  private static Output<String> containerDefinitions(Settings settings, Map<String, Output<String>> environment,
      Map<String, Secret> secrets, Output<String> image, Output<String> logGroup) {
    List<Output<String>> values = new ArrayList<>(environment.values());
    secrets.values().forEach(secret -> values.add(secret.arn()));
    values.add(image);
    values.add(logGroup);
    List<String> names = new ArrayList<>(environment.keySet());
    List<String> secretNames = new ArrayList<>(secrets.keySet());
    return Output.all(values).applyValue(resolved -> {
      List<Map<String, String>> env = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        env.add(Map.of("name", names.get(i), "value", resolved.get(i)));
      }
      List<Map<String, String>> fromSecrets = new ArrayList<>();
      for (int i = 0; i < secretNames.size(); i++) {
        fromSecrets.add(Map.of("name", secretNames.get(i), "valueFrom", resolved.get(names.size() + i)));
      }
      Map<String, Object> container = new LinkedHashMap<>();
      container.put("name", CONTAINER);
      container.put("image", resolved.get(resolved.size() - 2));
      container.put("essential", true);
      container.put("portMappings", List.of(Map.of("containerPort", CONTAINER_PORT, "protocol", "tcp")));
      container.put("environment", env);
      container.put("secrets", fromSecrets);
      // the drain, then the in-flight writes and the durable session's release, before SIGKILL
      container.put("stopTimeout", Math.min(Settings.MAX_STOP_SECONDS, settings.drainSeconds() + 15));
      container.put("healthCheck", Map.of("command", List.of("CMD-SHELL",
              "bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + CONTAINER_PORT
                  + " && printf \"GET /health HTTP/1.0\\r\\n\\r\\n\" >&3 && head -n 1 <&3 | grep -q \" 200 \"'"),
          "interval", 15, "timeout", 5, "retries", 3, "startPeriod", 90));
      container.put("logConfiguration", Map.of("logDriver", "awslogs", "options", Map.of(
          "awslogs-group", resolved.get(resolved.size() - 1), "awslogs-region", settings.region(),
          "awslogs-stream-prefix", "gateway")));
      return Policies.JSON.toJson(List.of(container));
    });
  }

  private void listeners(Naming naming, Settings settings) {
    ListenerDefaultActionArgs forward = ListenerDefaultActionArgs.builder().type("forward")
        .targetGroupArn(targets.arn()).build();
    if (settings.certificateArn().isPresent()) {
      new Listener(naming.name("https"), ListenerArgs.builder().loadBalancerArn(loadBalancer.arn()).port(443)
          .protocol("HTTPS").sslPolicy("ELBSecurityPolicy-TLS13-1-2-2021-06")
          .certificateArn(settings.certificateArn().get()).defaultActions(forward).tags(naming.tags()).build());
      new Listener(naming.name("http-redirect"), ListenerArgs.builder().loadBalancerArn(loadBalancer.arn()).port(80)
          .protocol("HTTP").defaultActions(ListenerDefaultActionArgs.builder().type("redirect")
              .redirect(ListenerDefaultActionRedirectArgs.builder().protocol("HTTPS").port("443")
                  .statusCode("HTTP_301").build()).build())
          .tags(naming.tags()).build());
    } else {
      // no certificate: plain HTTP on 80, for a dev stack (the url output then starts with http://)
      new Listener(naming.name("http"), ListenerArgs.builder().loadBalancerArn(loadBalancer.arn()).port(80)
          .protocol("HTTP").defaultActions(forward).tags(naming.tags()).build());
    }
  }

  private void autoscaling(Naming naming, Settings settings) {
    Output<String> resource = Output.tuple(cluster.name(), service.name())
        .applyValue(names -> "service/" + names.t1 + "/" + names.t2);
    Target target = new Target(naming.name("gateway-scaling"), TargetArgs.builder()
        .serviceNamespace("ecs").scalableDimension("ecs:service:DesiredCount").resourceId(resource)
        .minCapacity(settings.desiredCount()).maxCapacity(settings.maxCount()).tags(naming.tags()).build());
    new Policy(naming.name("gateway-cpu-scaling"), PolicyArgs.builder().name(naming.name("gateway-cpu-scaling"))
        .policyType("TargetTrackingScaling").serviceNamespace(target.serviceNamespace())
        .scalableDimension(target.scalableDimension()).resourceId(target.resourceId())
        .targetTrackingScalingPolicyConfiguration(PolicyTargetTrackingScalingPolicyConfigurationArgs.builder()
            .targetValue(60.0).scaleInCooldown(300).scaleOutCooldown(60)
            .predefinedMetricSpecification(
                PolicyTargetTrackingScalingPolicyConfigurationPredefinedMetricSpecificationArgs.builder()
                    .predefinedMetricType("ECSServiceAverageCPUUtilization").build())
            .build())
        .build());
  }

  private static Secret secret(Naming naming, String name, String description, Output<String> value) {
    Secret secret = new Secret(naming.name(name), SecretArgs.builder().name(naming.name(name)).description(description)
        .recoveryWindowInDays(naming.env().equals("dev") ? 0 : 7).tags(naming.tags()).build());
    new SecretVersion(naming.name(name) + "-value", SecretVersionArgs.builder().secretId(secret.id())
        .secretString(value).build());
    return secret;
  }

  public LoadBalancer loadBalancer() {
    return loadBalancer;
  }

  public TargetGroup targetGroup() {
    return targets;
  }

  public Service service() {
    return service;
  }

  public Cluster cluster() {
    return cluster;
  }
}
