package io.gympulse.deploy;

import java.util.LinkedHashMap;
import java.util.Map;

/** Names {@code gym-pulse-<name>-<env>} and the tags every taggable resource carries. */
public record Naming(String env) {

  public static final String PROJECT = "gym-pulse";

  public String name(String name) {
    return PROJECT + "-" + name + "-" + env;
  }

  /** {@code project} and {@code env}. */
  public Map<String, String> tags() {
    return Map.of("project", PROJECT, "env", env);
  }

  /** The tags and a {@code Name}, which the EC2 console shows. */
  public Map<String, String> tagsNamed(String name) {
    Map<String, String> tags = new LinkedHashMap<>(tags());
    tags.put("Name", name(name));
    return tags;
  }
}
