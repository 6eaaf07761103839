package io.gympulse.deploy;

import com.pulumi.aws.iot.Certificate;
import com.pulumi.aws.iot.CertificateArgs;
import com.pulumi.aws.iot.IotFunctions;
import com.pulumi.aws.iot.Policy;
import com.pulumi.aws.iot.PolicyArgs;
import com.pulumi.aws.iot.PolicyAttachment;
import com.pulumi.aws.iot.PolicyAttachmentArgs;
import com.pulumi.aws.iot.ThingType;
import com.pulumi.aws.iot.ThingTypeArgs;
import com.pulumi.aws.iot.inputs.GetEndpointArgs;
import com.pulumi.aws.iot.inputs.ThingTypePropertiesArgs;
import com.pulumi.core.Output;
import io.gympulse.deploy.Policies.Statement;
import java.util.List;
import java.util.Map;

/**
 * AWS IoT Core, where devices connect in production: the machine and branch-hub thing types, their policies, and
 * the gateway's own certificate and policy (it follows IoT Core as an MQTT client, {@code MQTT_UPSTREAM}).
 *
 * <p>A machine is a thing named by its {@code machineId}, with a {@code gymId} attribute; a hub is a thing named by
 * its {@code gymId}. The policies use IoT policy variables, so one policy serves every device and a device can
 * only be itself: connect as {@code gym-{gymId}-{machineId}} (a hub as {@code gym-{gymId}-hub}), publish its own
 * status topic, update its own shadow. Device certificates are made per device at provisioning, not here.
 *
 * <p>The seed's topic rule to an ingest Lambda is gone: every gateway task subscribes to the status topics itself.
 */
public final class Iot {

  /** The ATS data endpoint every device and the gateway connect to. */
  private final Output<String> endpoint;
  private final Certificate gatewayCertificate;

  public Iot(Naming naming, Settings settings, Output<String> accountId) {
    Output<String> arn = accountId.applyValue(account -> "arn:aws:iot:" + settings.region() + ":" + account + ":");
    new ThingType(naming.name("machine"), ThingTypeArgs.builder().name(naming.name("machine"))
        .properties(ThingTypePropertiesArgs.builder().description("A gym machine's occupancy sensor")
            .searchableAttributes("gymId", "category").build())
        .tags(naming.tags()).build());
    new ThingType(naming.name("branch-hub"), ThingTypeArgs.builder().name(naming.name("branch-hub"))
        .properties(ThingTypePropertiesArgs.builder().description("A branch's hub, publishing for its machines")
            .searchableAttributes("gymId").build())
        .tags(naming.tags()).build());
    new Policy("GymPulseDevicePolicy", PolicyArgs.builder().name("GymPulseDevicePolicy-" + settings.env())
        .policy(devicePolicy(arn)).tags(naming.tags()).build());
    new Policy("GymPulseBranchHubPolicy", PolicyArgs.builder().name("GymPulseBranchHubPolicy-" + settings.env())
        .policy(hubPolicy(arn)).tags(naming.tags()).build());
    String group = group(settings.env());
    Policy gateway = new Policy("GymPulseGatewayPolicy", PolicyArgs.builder()
        .name("GymPulseGatewayPolicy-" + settings.env())
        .policy(gatewayPolicy(arn, group)).tags(naming.tags()).build());
    // IoT Core makes the key pair; the key reaches the tasks only through Secrets Manager
    gatewayCertificate = new Certificate(naming.name("gateway-certificate"), CertificateArgs.builder().active(true).build());
    new PolicyAttachment(naming.name("gateway-policy-attachment"), PolicyAttachmentArgs.builder()
        .policy(gateway.name()).target(gatewayCertificate.arn()).build());
    endpoint = IotFunctions.getEndpoint(GetEndpointArgs.builder().endpointType("iot:Data-ATS").build())
        .applyValue(found -> found.endpointAddress());
  }

  public Output<String> endpoint() {
    return endpoint;
  }

  public Output<String> gatewayCertificatePem() {
    return gatewayCertificate.certificatePem();
  }

  public Output<String> gatewayPrivateKey() {
    return gatewayCertificate.privateKey();
  }

  /** The gateway's shared-subscription group, {@code MQTT_UPSTREAM_GROUP}'s default for the environment. */
  public static String group(String env) {
    return "gym-pulse-" + env;
  }

  /** {@code GymPulseDevicePolicy} of the seed: a machine connects as itself and publishes its own status only. */
  static Output<String> devicePolicy(Output<String> arn) {
    String gym = "${iot:Connection.Thing.Attributes[gymId]}";
    String machine = "${iot:Connection.Thing.ThingName}";
    return Policies.document(List.of(
        new Statement(List.of("iot:Connect"), List.of(on(arn, "client/gym-" + gym + "-" + machine)), attached()),
        // the Last Will ({"status":"offline"}) is published to the same topic, so it needs nothing more
        Statement.allow(List.of("iot:Publish"), on(arn, "topic/org/" + gym + "/machines/" + machine + "/status")),
        Statement.allow(List.of("iot:UpdateThingShadow"), on(arn, "thing/" + machine))));
  }

  /** A branch hub publishes for every machine of its own branch (its thing name is the {@code gymId}). */
  static Output<String> hubPolicy(Output<String> arn) {
    String gym = "${iot:Connection.Thing.ThingName}";
    return Policies.document(List.of(
        new Statement(List.of("iot:Connect"), List.of(on(arn, "client/gym-" + gym + "-hub")), attached()),
        Statement.allow(List.of("iot:Publish"), on(arn, "topic/org/" + gym + "/machines/*/status")),
        Statement.allow(List.of("iot:UpdateThingShadow"), on(arn, "thing/" + gym))));
  }

  /**
   * The gateway: connects as its instances' client ids ({@code gw-…}; the durable session
   * {@code {group}-gw-…-durable}), follows every branch's status and its shared subscription, and talks to the other
   * instances on {@code {group}/…} (presence, retained; deliveries; alert changes).
   */
  static Output<String> gatewayPolicy(Output<String> arn, String group) {
    return Policies.document(List.of(
        Statement.allow(List.of("iot:Connect"), List.of(on(arn, "client/gw-*"), on(arn, "client/" + group + "-gw-*"))),
        Statement.allow(List.of("iot:Subscribe"), List.of(on(arn, "topicfilter/org/*/machines/+/status"),
            on(arn, "topicfilter/$share/" + group + "/org/+/machines/+/status"),
            on(arn, "topicfilter/" + group + "/instances/+"),
            on(arn, "topicfilter/" + group + "/instances/gw-*/deliveries"),
            on(arn, "topicfilter/" + group + "/alerts"))),
        Statement.allow(List.of("iot:Receive"), List.of(on(arn, "topic/org/*/machines/*/status"),
            on(arn, "topic/" + group + "/*"))),
        Statement.allow(List.of("iot:Publish"), on(arn, "topic/" + group + "/*")),
        Statement.allow(List.of("iot:RetainPublish"), on(arn, "topic/" + group + "/instances/*"))));
  }

  /** The IoT resource {@code suffix} names, in this account and region ({@code arn} ends with the colon). */
  private static Output<String> on(Output<String> arn, String suffix) {
    return arn.applyValue(prefix -> prefix + suffix);
  }

  private static Map<String, Object> attached() {
    return Map.of("Bool", Map.of("iot:Connection.Thing.IsAttached", "true"));
  }
}
