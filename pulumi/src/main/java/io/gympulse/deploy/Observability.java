package io.gympulse.deploy;

import com.pulumi.aws.cloudwatch.Dashboard;
import com.pulumi.aws.cloudwatch.DashboardArgs;
import com.pulumi.aws.cloudwatch.MetricAlarm;
import com.pulumi.aws.cloudwatch.MetricAlarmArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryArgs;
import com.pulumi.aws.cloudwatch.inputs.MetricAlarmMetricQueryMetricArgs;
import com.pulumi.aws.wafv2.WebAcl;
import com.pulumi.aws.wafv2.WebAclArgs;
import com.pulumi.aws.wafv2.WebAclAssociation;
import com.pulumi.aws.wafv2.WebAclAssociationArgs;
import com.pulumi.aws.wafv2.inputs.WebAclDefaultActionAllowArgs;
import com.pulumi.aws.wafv2.inputs.WebAclDefaultActionArgs;
import com.pulumi.aws.wafv2.inputs.WebAclVisibilityConfigArgs;
import com.pulumi.core.Output;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alarms (load balancer 5xx, unhealthy tasks, DynamoDB throttles, tool Lambda errors), one dashboard, and the
 * optional WAF rate-based rule in front of the load balancer (the gateway limits per key and address itself too).
 */
public final class Observability {

  public Observability(Naming naming, Settings settings, GatewayService gateway, Tables tables, ToolLambdas tools) {
    Output<String> alb = gateway.loadBalancer().arnSuffix();
    Output<String> targetGroup = gateway.targetGroup().arnSuffix();
    alarm(naming, "alb-5xx", "AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", alb.applyValue(s -> Map.of("LoadBalancer", s)),
        "Sum", 10, "The load balancer answered 5xx (no healthy task, or tasks refusing)");
    alarm(naming, "target-5xx", "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count",
        alb.applyValue(s -> Map.of("LoadBalancer", s)), "Sum", 10, "The gateway answered 5xx");
    alarm(naming, "unhealthy-tasks", "AWS/ApplicationELB", "UnHealthyHostCount",
        Output.tuple(alb, targetGroup).applyValue(t -> Map.of("LoadBalancer", t.t1, "TargetGroup", t.t2)),
        "Maximum", 0, "A gateway task fails /ready");
    tables.names().forEach((table, name) -> new MetricAlarm(naming.name(table + "-throttles"), MetricAlarmArgs.builder()
        .name(naming.name(table + "-throttles")).alarmDescription("DynamoDB throttled requests on " + table)
        .comparisonOperator("GreaterThanThreshold").threshold(0.0).evaluationPeriods(1).treatMissingData("notBreaching")
        .metricQueries(
            throttles("reads", "ReadThrottleEvents", name), throttles("writes", "WriteThrottleEvents", name),
            MetricAlarmMetricQueryArgs.builder().id("total").expression("reads + writes").label("throttled")
                .returnData(true).build())
        .tags(naming.tags()).build()));
    tools.functions().forEach((tool, function) -> alarm(naming, tool.name() + "-errors", "AWS/Lambda", "Errors",
        function.name().applyValue(n -> Map.of("FunctionName", n)), "Sum", 0, "The " + tool.name() + " Lambda failed"));
    new Dashboard(naming.name("dashboard"), DashboardArgs.builder().dashboardName(naming.name("dashboard"))
        .dashboardBody(Output.tuple(alb, targetGroup, gateway.cluster().name(), gateway.service().name())
            .applyValue(t -> dashboard(settings.region(), t.t1, t.t2, t.t3, t.t4)))
        .build());
    if (settings.wafEnabled()) {
      WebAcl acl = new WebAcl(naming.name("waf"), WebAclArgs.builder().name(naming.name("waf")).scope("REGIONAL")
          .description("Blocks an address above the rate limit before it reaches the gateway")
          .defaultAction(WebAclDefaultActionArgs.builder().allow(WebAclDefaultActionAllowArgs.builder().build()).build())
          .ruleJson(Policies.JSON.toJson(List.of(Map.of("Name", "rate-per-address", "Priority", 1,
              "Action", Map.of("Block", Map.of()),
              "Statement", Map.of("RateBasedStatement", Map.of("Limit", settings.wafRequestsPer5Minutes(),
                  "AggregateKeyType", "IP")),
              "VisibilityConfig", Map.of("SampledRequestsEnabled", true, "CloudWatchMetricsEnabled", true,
                  "MetricName", naming.name("rate-per-address"))))))
          .visibilityConfig(WebAclVisibilityConfigArgs.builder().cloudwatchMetricsEnabled(true)
              .sampledRequestsEnabled(true).metricName(naming.name("waf")).build())
          .tags(naming.tags()).build());
      new WebAclAssociation(naming.name("waf-alb"), WebAclAssociationArgs.builder()
          .resourceArn(gateway.loadBalancer().arn()).webAclArn(acl.arn()).build());
    }
  }

  private static void alarm(Naming naming, String name, String namespace, String metric,
      Output<Map<String, String>> dimensions, String statistic, double threshold, String description) {
    new MetricAlarm(naming.name(name), MetricAlarmArgs.builder().name(naming.name(name)).alarmDescription(description)
        .namespace(namespace).metricName(metric).dimensions(dimensions).statistic(statistic).period(60)
        .evaluationPeriods(3).datapointsToAlarm(2).comparisonOperator("GreaterThanThreshold").threshold(threshold)
        .treatMissingData("notBreaching").tags(naming.tags()).build());
  }

  private static MetricAlarmMetricQueryArgs throttles(String id, String metric, Output<String> table) {
    return MetricAlarmMetricQueryArgs.builder().id(id).returnData(false)
        .metric(MetricAlarmMetricQueryMetricArgs.builder().namespace("AWS/DynamoDB").metricName(metric)
            .dimensions(table.applyValue(name -> Map.of("TableName", name))).stat("Sum").period(60).build())
        .build();
  }

  static String dashboard(String region, String alb, String targetGroup, String cluster, String service) {
    List<Object> widgets = new ArrayList<>();
    widgets.add(widget("Requests and 5xx", region, List.of(
        List.of("AWS/ApplicationELB", "RequestCount", "LoadBalancer", alb),
        List.of("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", alb),
        List.of("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", alb)), "Sum"));
    widgets.add(widget("Open connections (WebSocket members)", region, List.of(
        List.of("AWS/ApplicationELB", "ActiveConnectionCount", "LoadBalancer", alb),
        List.of("AWS/ApplicationELB", "NewConnectionCount", "LoadBalancer", alb)), "Sum"));
    widgets.add(widget("Healthy and unhealthy tasks", region, List.of(
        List.of("AWS/ApplicationELB", "HealthyHostCount", "LoadBalancer", alb, "TargetGroup", targetGroup),
        List.of("AWS/ApplicationELB", "UnHealthyHostCount", "LoadBalancer", alb, "TargetGroup", targetGroup)), "Maximum"));
    widgets.add(widget("Gateway CPU and memory (%)", region, List.of(
        List.of("AWS/ECS", "CPUUtilization", "ClusterName", cluster, "ServiceName", service),
        List.of("AWS/ECS", "MemoryUtilization", "ClusterName", cluster, "ServiceName", service)), "Average"));
    return Policies.JSON.toJson(Map.of("widgets", widgets));
  }

  private static Map<String, Object> widget(String title, String region, List<List<String>> metrics, String stat) {
    return Map.of("type", "metric", "width", 12, "height", 6, "properties", Map.of("title", title, "region", region,
        "metrics", metrics, "stat", stat, "period", 60, "view", "timeSeries"));
  }
}
