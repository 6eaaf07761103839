package io.gympulse.deploy;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.pulumi.core.Output;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IAM policy documents (and IoT Core's, which share their grammar), least privilege: every statement names its
 * actions (never a {@code *}) and its resources.
 * A {@code *} resource is allowed only for the actions in {@link #WILDCARD_RESOURCE_ACTIONS}, where AWS accepts
 * nothing narrower; {@link #document} refuses anything else, so a mistake fails {@code pulumi preview}.
 */
public final class Policies {

  /** The one place a {@code "Resource": "*"} may be granted: each action, and why AWS leaves no narrower choice. */
  public static final Map<String, String> WILDCARD_RESOURCE_ACTIONS = Map.of(
      "ecr:GetAuthorizationToken", "an ECR login token is account-wide: the action has no resource type");

  static final Gson JSON = new GsonBuilder().disableHtmlEscaping().create();

  private Policies() {
  }

  /**
   * One statement.
   *
   * @param actions the actions, each {@code service:Action}
   * @param resources ARNs (or {@code *} for the allow-listed actions)
   * @param condition an IAM condition block, or empty
   */
  public record Statement(List<String> actions, List<Output<String>> resources, Map<String, Object> condition) {

    public Statement {
      for (String action : actions) {
        if (action.contains("*")) {
          throw new IllegalArgumentException("IAM action '" + action + "' has a wildcard: name the actions");
        }
      }
    }

    public static Statement allow(List<String> actions, List<Output<String>> resources) {
      return new Statement(actions, resources, Map.of());
    }

    public static Statement allow(List<String> actions, Output<String> resource) {
      return new Statement(actions, List.of(resource), Map.of());
    }
  }

  /** The policy document of {@code statements}, as JSON, once every ARN is known. */
  public static Output<String> document(List<Statement> statements) {
    List<Output<String>> all = new ArrayList<>();
    statements.forEach(statement -> all.addAll(statement.resources()));
    return Output.all(all).applyValue(arns -> {
      List<Object> rendered = new ArrayList<>();
      int next = 0;
      for (Statement statement : statements) {
        List<String> resources = arns.subList(next, next + statement.resources().size());
        next += statement.resources().size();
        checkWildcards(statement.actions(), resources);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("Effect", "Allow");
        json.put("Action", statement.actions());
        json.put("Resource", List.copyOf(resources));
        if (!statement.condition().isEmpty()) {
          json.put("Condition", statement.condition());
        }
        rendered.add(json);
      }
      return JSON.toJson(Map.of("Version", "2012-10-17", "Statement", rendered));
    });
  }

  /** The trust policy that lets {@code service} assume a role. */
  public static String assumedBy(String service) {
    return JSON.toJson(Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
        "Effect", "Allow", "Principal", Map.of("Service", service), "Action", "sts:AssumeRole"))));
  }

  static void checkWildcards(List<String> actions, List<String> resources) {
    if (resources.contains("*")) {
      for (String action : actions) {
        if (!WILDCARD_RESOURCE_ACTIONS.containsKey(action)) {
          throw new IllegalArgumentException("IAM action '" + action + "' is granted on '*': name its resources, or "
              + "add it to Policies.WILDCARD_RESOURCE_ACTIONS with the reason AWS allows nothing narrower");
        }
      }
    }
  }
}
