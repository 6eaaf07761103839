package io.gympulse.gateway.catalog;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Machine category, as used in topics, REST paths and counts. */
public enum Category {
  LEGS, CHEST, BACK, ARMS, CARDIO, CORE;

  private static final String ACCEPTED =
      Arrays.stream(values()).map(Category::wireName).collect(Collectors.joining(", "));

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The category with this exact wire name. */
  public static Optional<Category> parse(String wireName) {
    for (Category category : values()) {
      if (category.wireName().equals(wireName)) {
        return Optional.of(category);
      }
    }
    return Optional.empty();
  }

  /** The accepted wire names, for error messages. */
  public static String accepted() {
    return ACCEPTED;
  }
}
