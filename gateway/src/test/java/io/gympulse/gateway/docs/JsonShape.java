package io.gympulse.gateway.docs;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/**
 * Compares a documented JSON sample with a real one by shape: the same keys at every level, the same kinds of
 * values, and for arrays every real element shaped like some documented one and the other way round. Values
 * themselves are live data and may differ. The samples' elisions are understood: {@code [...]} stands for any
 * array, and a trailing {@code ,…} in an array for "more like the ones shown".
 */
final class JsonShape {

  private static final String ANY = "__any_array__";

  private JsonShape() {
  }

  /** The documented sample as JSON, elisions replaced by what {@link #mismatch} understands. */
  static Object sample(String text) {
    return Json.decodeValue(text.replace("[...]", "\"" + ANY + "\"").replace(",…]", "]"));
  }

  /** Why {@code actual} is not shaped like {@code expected}, or empty when it is. */
  static Optional<String> mismatch(Object expected, Object actual) {
    return mismatch("$", expected, actual);
  }

  /**
   * Why a real WebSocket frame is not shaped like a documented one: each documented message must be in it, and
   * each real message must be shaped like one the sample documents somewhere ({@code vocabulary}), since updates
   * that happen meanwhile ride along in the same frame. A frame is one message or an array of them.
   */
  static Optional<String> frameMismatch(Object documented, JsonArray vocabulary, Object real) {
    JsonArray expected = documented instanceof JsonArray array ? array : new JsonArray().add(documented);
    JsonArray actual = real instanceof JsonArray array ? array : new JsonArray().add(real);
    for (int i = 0; i < actual.size(); i++) {
      if (!shapedLikeAny(actual.getValue(i), vocabulary)) {
        return Optional.of("[" + i + "]: " + actual.getValue(i) + " is shaped like no message the sample shows");
      }
    }
    for (Object message : expected) {
      if (!containsShapeOf(actual, message)) {
        return Optional.of("no message shaped like documented " + message);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> mismatch(String path, Object expected, Object actual) {
    if (ANY.equals(expected)) {
      return Optional.empty();
    }
    if (expected instanceof JsonObject object) {
      return actual instanceof JsonObject real ? objects(path, object, real) : kind(path, expected, actual);
    }
    if (expected instanceof JsonArray array) {
      return actual instanceof JsonArray real ? arrays(path, array, real) : kind(path, expected, actual);
    }
    boolean same = expected == null ? actual == null
        : expected instanceof Number ? actual instanceof Number : expected.getClass().isInstance(actual);
    return same ? Optional.empty() : kind(path, expected, actual);
  }

  private static Optional<String> objects(String path, JsonObject expected, JsonObject actual) {
    if (!expected.fieldNames().equals(actual.fieldNames())) {
      return Optional.of(path + ": keys " + actual.fieldNames() + ", documented " + expected.fieldNames());
    }
    for (String key : expected.fieldNames()) {
      Optional<String> problem = mismatch(path + "." + key, expected.getValue(key), actual.getValue(key));
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> arrays(String path, JsonArray expected, JsonArray actual) {
    if (expected.isEmpty() != actual.isEmpty()) {
      return Optional.of(path + ": " + actual.size() + " elements, documented " + expected.size());
    }
    for (int i = 0; i < actual.size(); i++) {
      if (!shapedLikeAny(actual.getValue(i), expected)) {
        return Optional.of(path + "[" + i + "]: " + actual.getValue(i) + " is shaped like no documented element");
      }
    }
    for (Object documented : expected) {
      if (!containsShapeOf(actual, documented)) {
        return Optional.of(path + ": no element shaped like documented " + documented);
      }
    }
    return Optional.empty();
  }

  private static boolean shapedLikeAny(Object actual, JsonArray documented) {
    return documented.stream().anyMatch(e -> mismatch("", e, actual).isEmpty());
  }

  /** Whether some real element of {@code actual} is shaped like the {@code documented} one. */
  private static boolean containsShapeOf(JsonArray actual, Object documented) {
    return actual.stream().anyMatch(a -> mismatch("", documented, a).isEmpty());
  }

  private static Optional<String> kind(String path, Object expected, Object actual) {
    return Optional.of(path + ": " + actual + ", documented " + expected);
  }
}
