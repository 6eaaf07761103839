package io.gympulse.deploy;

import com.pulumi.aws.ec2.InternetGateway;
import com.pulumi.aws.ec2.InternetGatewayArgs;
import com.pulumi.aws.ec2.RouteTable;
import com.pulumi.aws.ec2.RouteTableArgs;
import com.pulumi.aws.ec2.RouteTableAssociation;
import com.pulumi.aws.ec2.RouteTableAssociationArgs;
import com.pulumi.aws.ec2.SecurityGroup;
import com.pulumi.aws.ec2.SecurityGroupArgs;
import com.pulumi.aws.ec2.Subnet;
import com.pulumi.aws.ec2.SubnetArgs;
import com.pulumi.aws.ec2.Vpc;
import com.pulumi.aws.ec2.VpcArgs;
import com.pulumi.aws.ec2.inputs.RouteTableRouteArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupEgressArgs;
import com.pulumi.aws.ec2.inputs.SecurityGroupIngressArgs;
import com.pulumi.core.Output;
import java.util.ArrayList;
import java.util.List;

/**
 * A VPC with two public subnets in two zones, the load balancer's security group (80/443 from anywhere) and the
 * tasks' (8080 from the load balancer only; out to 443 and 8883 for DynamoDB, Bedrock, ECR and IoT Core).
 *
 * <p>The tasks sit in the public subnets with public addresses and no NAT gateway: a NAT gateway alone costs about
 * $33 a month, half the seed's whole development budget, and the security group admits nothing from the internet.
 * A stack that must keep tasks private adds private subnets, a NAT gateway or VPC endpoints here.
 */
public final class Network {

  private final Vpc vpc;
  private final List<Subnet> subnets = new ArrayList<>();
  private final SecurityGroup loadBalancer;
  private final SecurityGroup tasks;

  public Network(Naming naming, Settings settings) {
    vpc = new Vpc(naming.name("vpc"), VpcArgs.builder().cidrBlock("10.20.0.0/16").enableDnsHostnames(true)
        .enableDnsSupport(true).tags(naming.tagsNamed("vpc")).build());
    InternetGateway gateway = new InternetGateway(naming.name("igw"), InternetGatewayArgs.builder().vpcId(vpc.id())
        .tags(naming.tagsNamed("igw")).build());
    RouteTable routes = new RouteTable(naming.name("public-routes"), RouteTableArgs.builder().vpcId(vpc.id())
        .routes(RouteTableRouteArgs.builder().cidrBlock("0.0.0.0/0").gatewayId(gateway.id()).build())
        .tags(naming.tagsNamed("public-routes")).build());
    // two zones: an ALB needs two, and a task survives the loss of one
    List<String> zones = List.of(settings.region() + "a", settings.region() + "b");
    for (int i = 0; i < zones.size(); i++) {
      String name = "public-" + zones.get(i).substring(zones.get(i).length() - 1);
      Subnet subnet = new Subnet(naming.name(name), SubnetArgs.builder().vpcId(vpc.id())
          .cidrBlock("10.20." + (i * 16) + ".0/20").availabilityZone(zones.get(i)).mapPublicIpOnLaunch(true)
          .tags(naming.tagsNamed(name)).build());
      new RouteTableAssociation(naming.name(name + "-routes"), RouteTableAssociationArgs.builder()
          .subnetId(subnet.id()).routeTableId(routes.id()).build());
      subnets.add(subnet);
    }
    loadBalancer = new SecurityGroup(naming.name("alb-sg"), SecurityGroupArgs.builder().vpcId(vpc.id())
        .name(naming.name("alb-sg")).description("GymPulse load balancer: HTTP and HTTPS from anywhere")
        .ingress(ingress(80, "0.0.0.0/0"), ingress(443, "0.0.0.0/0"))
        .egress(SecurityGroupEgressArgs.builder().protocol("tcp").fromPort(GatewayService.CONTAINER_PORT)
            .toPort(GatewayService.CONTAINER_PORT).cidrBlocks("10.20.0.0/16").description("to the tasks").build())
        .tags(naming.tagsNamed("alb-sg")).build());
    tasks = new SecurityGroup(naming.name("task-sg"), SecurityGroupArgs.builder().vpcId(vpc.id())
        .name(naming.name("task-sg")).description("GymPulse gateway tasks: the load balancer in, AWS APIs out")
        .ingress(SecurityGroupIngressArgs.builder().protocol("tcp").fromPort(GatewayService.CONTAINER_PORT)
            .toPort(GatewayService.CONTAINER_PORT).securityGroups(loadBalancer.id().applyValue(List::of))
            .description("REST and WebSocket from the load balancer").build())
        .egress(egress(443, "HTTPS: DynamoDB, Bedrock, ECR, Secrets Manager, CloudWatch Logs"),
            egress(8883, "MQTT over TLS: IoT Core"))
        .tags(naming.tagsNamed("task-sg")).build());
  }

  public Output<String> vpcId() {
    return vpc.id();
  }

  public Output<List<String>> subnetIds() {
    return Output.all(subnets.stream().map(Subnet::id).toList());
  }

  public SecurityGroup loadBalancerGroup() {
    return loadBalancer;
  }

  public SecurityGroup taskGroup() {
    return tasks;
  }

  private static SecurityGroupIngressArgs ingress(int port, String cidr) {
    return SecurityGroupIngressArgs.builder().protocol("tcp").fromPort(port).toPort(port).cidrBlocks(cidr).build();
  }

  private static SecurityGroupEgressArgs egress(int port, String description) {
    return SecurityGroupEgressArgs.builder().protocol("tcp").fromPort(port).toPort(port).cidrBlocks("0.0.0.0/0")
        .description(description).build();
  }
}
