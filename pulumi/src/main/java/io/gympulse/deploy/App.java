package io.gympulse.deploy;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.aws.AwsFunctions;
import com.pulumi.core.Output;

/**
 * Deploys GymPulse to AWS: `pulumi up` in this folder (see README.md). Everything is declared in {@link #stack},
 * which tests run with mocks.
 */
public final class App {

  private App() {
  }

  public static void main(String[] args) {
    Pulumi.run(App::stack);
  }

  /** Every resource of the design, one class per concern, and the outputs a deployer needs. */
  public static void stack(Context ctx) {
    Settings settings = Settings.from(ctx.config(), ctx.config("aws"));
    Naming naming = new Naming(settings.env());
    Output<String> accountId = AwsFunctions.getCallerIdentity().applyValue(identity -> identity.accountId());

    Tables tables = new Tables(naming);
    Network network = new Network(naming, settings);
    Iot iot = new Iot(naming, settings, accountId);
    ToolLambdas tools = new ToolLambdas(naming, settings, tables);
    Agent agent = new Agent(naming, settings, accountId, tools);
    GatewayImage image = new GatewayImage(naming);
    GatewayService gateway = new GatewayService(naming, settings, network, tables, iot, agent, image);
    new Observability(naming, settings, gateway, tables, tools);

    boolean https = settings.certificateArn().isPresent();
    Output<String> host = gateway.loadBalancer().dnsName();
    ctx.export("url", host.applyValue(dns -> (https ? "https://" : "http://") + dns));
    ctx.export("websocketUrl", host.applyValue(dns -> (https ? "wss://" : "ws://") + dns + "/ws"));
    ctx.export("iotEndpoint", iot.endpoint());
    ctx.export("tables", Output.all(tables.names().values().stream().toList()));
    ctx.export("agentId", agent.agentId());
    ctx.export("agentAliasId", agent.aliasId());
    ctx.export("routeCalculator", tools.calculator().calculatorName());
  }
}
