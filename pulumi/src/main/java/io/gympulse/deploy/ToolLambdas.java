package io.gympulse.deploy;


import com.pulumi.asset.FileArchive;
import com.pulumi.aws.cloudwatch.LogGroup;
import com.pulumi.aws.cloudwatch.LogGroupArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.Function;
import com.pulumi.aws.lambda.FunctionArgs;
import com.pulumi.aws.lambda.inputs.FunctionEnvironmentArgs;
import com.pulumi.aws.location.RouteCalculation;
import com.pulumi.aws.location.RouteCalculationArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import io.gympulse.deploy.Policies.Statement;
import io.gympulse.tools.lambda.AvailabilityToolHandler;
import io.gympulse.tools.lambda.ToolFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Bedrock agent's tools: the availability and route-matrix Lambdas (one jar, {@code lambdas-tools}), their role
 * (read {@code current-state} and {@code aggregates}, route on the one calculator, write their own logs) and the
 * Amazon Location route calculator.
 */
public final class ToolLambdas {

  /** Where {@code mvn package} leaves the tools' jar, from this module's folder (where `pulumi up` runs). */
  public static final String JAR = "../lambdas-tools/target/gympulse-tools-lambda.jar";

  /**
   * One tool: its Lambda's name, the action group that calls it (the names the gateway's Bedrock assistant knows),
   * its handler (a name: loading the class would need the Lambda runtime here) and the function it declares;
   * StackTest checks that the handler's {@code FUNCTION} is that function.
   */
  public record Tool(String name, String actionGroup, String handler, ToolFunction function) {
  }

  public static final List<Tool> TOOLS = List.of(
      new Tool("availability-tool", "availability", "io.gympulse.tools.lambda.AvailabilityToolHandler::handleRequest",
          ToolFunction.FIND_AVAILABLE_BRANCHES),
      new Tool("route-matrix-tool", "routes", "io.gympulse.tools.lambda.RouteMatrixToolHandler::handleRequest",
          ToolFunction.TRAVEL_TIMES));

  private final RouteCalculation calculator;
  private final Map<Tool, Function> functions = new LinkedHashMap<>();

  public ToolLambdas(Naming naming, Settings settings, Tables tables) {
    calculator = new RouteCalculation(naming.name("route-calculator"), RouteCalculationArgs.builder()
        .calculatorName(naming.name("route-calculator")).dataSource("Esri")
        .description("Travel times from members to branches for the chat assistant").tags(naming.tags()).build());
    List<LogGroup> logs = new ArrayList<>();
    for (Tool tool : TOOLS) {
      // made here, with a retention, so the role needs no logs:CreateLogGroup and logs do not pile up forever
      logs.add(new LogGroup(naming.name(tool.name()) + "-logs", LogGroupArgs.builder()
          .name("/aws/lambda/" + naming.name(tool.name())).retentionInDays(settings.logRetentionDays())
          .tags(naming.tags()).build()));
    }
    Role role = new Role(naming.name("tool-lambda-role"), RoleArgs.builder().name(naming.name("tool-lambda-role"))
        .assumeRolePolicy(Policies.assumedBy("lambda.amazonaws.com")).tags(naming.tags()).build());
    RolePolicy policy = new RolePolicy(naming.name("tool-lambda-policy"), RolePolicyArgs.builder().role(role.name())
        .policy(Policies.document(List.of(
            Statement.allow(List.of("dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:Query", "dynamodb:Scan"),
                List.of(tables.table("current-state").arn(), tables.table("aggregates").arn())),
            Statement.allow(List.of("geo:CalculateRouteMatrix"), calculator.calculatorArn()),
            Statement.allow(List.of("logs:CreateLogStream", "logs:PutLogEvents"),
                logs.stream().map(group -> group.arn().applyValue(arn -> arn + ":*")).toList()))))
        .build());
    for (Tool tool : TOOLS) {
      Map<String, Output<String>> environment = new LinkedHashMap<>();
      environment.put(AvailabilityToolHandler.CURRENT_STATE_TABLE, tables.table("current-state").name());
      environment.put(AvailabilityToolHandler.AGGREGATES_TABLE, tables.table("aggregates").name());
      environment.put("ROUTE_CALCULATOR", calculator.calculatorName());
      functions.put(tool, new Function(naming.name(tool.name()), FunctionArgs.builder()
          .name(naming.name(tool.name()))
          .description("Bedrock agent tool " + tool.function().name())
          .runtime("java17").handler(tool.handler()).code(new FileArchive(JAR))
          .role(role.arn()).memorySize(1024).timeout(30).architectures("x86_64")
          .environment(FunctionEnvironmentArgs.builder().variables(Output.all(environment.values().stream().toList())
              .applyValue(values -> zip(List.copyOf(environment.keySet()), values))).build())
          .tags(naming.tags()).build(),
          CustomResourceOptions.builder().dependsOn(policy).build()));
    }
  }

  public Map<Tool, Function> functions() {
    return functions;
  }

  public List<Output<String>> arns() {
    return functions.values().stream().map(Function::arn).toList();
  }

  public RouteCalculation calculator() {
    return calculator;
  }

  private static Map<String, String> zip(List<String> keys, List<String> values) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      map.put(keys.get(i), values.get(i));
    }
    return map;
  }
}
