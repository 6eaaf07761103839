package io.gympulse.deploy;

import com.pulumi.aws.bedrock.AgentAgent;
import com.pulumi.aws.bedrock.AgentAgentActionGroup;
import com.pulumi.aws.bedrock.AgentAgentActionGroupArgs;
import com.pulumi.aws.bedrock.AgentAgentAlias;
import com.pulumi.aws.bedrock.AgentAgentAliasArgs;
import com.pulumi.aws.bedrock.AgentAgentArgs;
import com.pulumi.aws.bedrock.inputs.AgentAgentActionGroupActionGroupExecutorArgs;
import com.pulumi.aws.bedrock.inputs.AgentAgentActionGroupFunctionSchemaArgs;
import com.pulumi.aws.bedrock.inputs.AgentAgentActionGroupFunctionSchemaMemberFunctionsArgs;
import com.pulumi.aws.bedrock.inputs.AgentAgentActionGroupFunctionSchemaMemberFunctionsFunctionArgs;
import com.pulumi.aws.bedrock.inputs.AgentAgentActionGroupFunctionSchemaMemberFunctionsFunctionParameterArgs;
import com.pulumi.aws.iam.Role;
import com.pulumi.aws.iam.RoleArgs;
import com.pulumi.aws.iam.RolePolicy;
import com.pulumi.aws.iam.RolePolicyArgs;
import com.pulumi.aws.lambda.Function;
import com.pulumi.aws.lambda.Permission;
import com.pulumi.aws.lambda.PermissionArgs;
import com.pulumi.core.Output;
import com.pulumi.resources.CustomResourceOptions;
import com.pulumi.resources.Resource;
import io.gympulse.deploy.Policies.Statement;
import io.gympulse.deploy.ToolLambdas.Tool;
import io.gympulse.tools.lambda.ToolFunction;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Bedrock chat agent: one action group per tool Lambda (a group has one executor), whose functions are exactly
 * those the handlers declare; the Lambdas may be invoked by this agent only; an alias the gateway calls.
 */
public final class Agent {

  private final AgentAgent agent;
  private final AgentAgentAlias alias;

  public Agent(Naming naming, Settings settings, Output<String> accountId, ToolLambdas tools) {
    Role role = new Role(naming.name("bedrock-agent-role"), RoleArgs.builder().name(naming.name("bedrock-agent-role"))
        .assumeRolePolicy(Policies.assumedBy("bedrock.amazonaws.com")).tags(naming.tags()).build());
    RolePolicy policy = new RolePolicy(naming.name("bedrock-agent-policy"), RolePolicyArgs.builder().role(role.name())
        .policy(Policies.document(List.of(
            Statement.allow(List.of("bedrock:InvokeModel"), Output.of(
                "arn:aws:bedrock:" + settings.region() + "::foundation-model/" + settings.foundationModel())),
            Statement.allow(List.of("lambda:InvokeFunction"), tools.arns()))))
        .build());
    agent = new AgentAgent(naming.name("chat-agent"), AgentAgentArgs.builder()
        .agentName(naming.name("chat-agent"))
        .agentResourceRoleArn(role.arn())
        .foundationModel(settings.foundationModel())
        .instruction(instruction())
        .idleSessionTtlInSeconds(600)
        .prepareAgent(true)
        .tags(naming.tags()).build(),
        CustomResourceOptions.builder().dependsOn(policy).build());
    List<Resource> groups = new ArrayList<>();
    for (Map.Entry<Tool, Function> entry : tools.functions().entrySet()) {
      Tool tool = entry.getKey();
      Permission permission = new Permission(naming.name(tool.name() + "-invoked-by-agent"), PermissionArgs.builder()
          .action("lambda:InvokeFunction").function(entry.getValue().name())
          .principal("bedrock.amazonaws.com").sourceAccount(accountId).sourceArn(agent.agentArn()).build());
      groups.add(new AgentAgentActionGroup(naming.name(tool.actionGroup() + "-actions"), AgentAgentActionGroupArgs.builder()
          .actionGroupName(tool.actionGroup())
          .agentId(agent.agentId())
          .agentVersion("DRAFT")
          .description(tool.function().description())
          .actionGroupExecutor(AgentAgentActionGroupActionGroupExecutorArgs.builder()
              .lambda(entry.getValue().arn()).build())
          .functionSchema(functionSchema(tool.function()))
          .prepareAgent(true)
          .build(),
          CustomResourceOptions.builder().dependsOn(permission).build()));
    }
    // the alias points at a version made from the prepared draft, so it must come after every action group
    alias = new AgentAgentAlias(naming.name("chat-agent-alias"), AgentAgentAliasArgs.builder()
        .agentAliasName("live").agentId(agent.agentId()).description("What the gateway calls")
        .tags(naming.tags()).build(),
        CustomResourceOptions.builder().dependsOn(groups).build());
  }

  public Output<String> agentId() {
    return agent.agentId();
  }

  public Output<String> aliasId() {
    return alias.agentAliasId();
  }

  public Output<String> aliasArn() {
    return alias.agentAliasArn();
  }

  static AgentAgentActionGroupFunctionSchemaArgs functionSchema(ToolFunction function) {
    return AgentAgentActionGroupFunctionSchemaArgs.builder()
        .memberFunctions(AgentAgentActionGroupFunctionSchemaMemberFunctionsArgs.builder()
            .functions(AgentAgentActionGroupFunctionSchemaMemberFunctionsFunctionArgs.builder()
                .name(function.name())
                .description(function.description())
                .parameters(function.parameters().stream()
                    .map(parameter -> AgentAgentActionGroupFunctionSchemaMemberFunctionsFunctionParameterArgs.builder()
                        .mapBlockKey(parameter.name()).type(parameter.type()).description(parameter.description())
                        .required(parameter.required()).build())
                    .toList())
                .build())
            .build())
        .build();
  }

  /** The agent's instruction, a resource file so it reads as prose. */
  static String instruction() {
    try (InputStream in = Agent.class.getResourceAsStream("/agent-instruction.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
