package io.gympulse.gateway.catalog;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a catalog document. Errors name the JSON path of the offending value, e.g.
 * {@code machines[12].category: 'leg' is not one of legs, chest, ...}, because a deployment that
 * ships a bad catalog must learn exactly where from the one line start-up prints.
 */
public final class CatalogLoader {

  /** Resource path of the bundled Hong Kong sample chain. */
  public static final String BUNDLED_SAMPLE = "catalog/hk-sample.json";

  /** Ids appear in MQTT topics and URL paths: no '/', '+', '#', spaces or empty strings. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private CatalogLoader() {
  }

  /** Loads the bundled sample chain. Blocking: call at start-up, not on an event loop. */
  public static Catalog bundledSample() {
    try (InputStream in = CatalogLoader.class.getClassLoader().getResourceAsStream(BUNDLED_SAMPLE)) {
      if (in == null) {
        throw new CatalogException("bundled catalog " + BUNDLED_SAMPLE + " is missing from the jar");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED_SAMPLE);
    } catch (IOException e) {
      throw new CatalogException("cannot read bundled catalog: " + e.getMessage(), e);
    }
  }

  /** Loads a catalog file. Blocking: call at start-up, not on an event loop. */
  public static Catalog load(Path path) {
    return load(path, path.toString());
  }

  /**
   * The catalog the {@code CATALOG} setting names, or the bundled sample when it is unset; errors begin
   * with {@code CATALOG='path'}, since they are what start-up prints. Blocking: call at start-up.
   */
  public static Catalog configured(Optional<String> catalogPath) {
    return catalogPath.map(path -> load(Path.of(path), "CATALOG='" + path + "'")).orElseGet(CatalogLoader::bundledSample);
  }

  private static Catalog load(Path path, String source) {
    try {
      return parse(Files.readString(path, StandardCharsets.UTF_8), source);
    } catch (IOException e) {
      throw new CatalogException(source + ": cannot be read: " + e.getClass().getSimpleName(), e);
    }
  }

  /** Parses a catalog document; {@code source} names it in error messages. */
  public static Catalog parse(String document, String source) {
    JsonObject root;
    try {
      root = new JsonObject(document);
    } catch (DecodeException | ClassCastException e) {
      // Jackson puts the location on a second line; start-up prints one line
      throw new CatalogException(source + ": not a JSON object: " + e.getMessage().replaceAll("\\s*\\R\\s*", " "), e);
    }
    List<Branch> branches = parseBranches(array(root, "branches", source), source);
    Set<String> branchIds = new HashSet<>();
    for (int i = 0; i < branches.size(); i++) {
      if (!branchIds.add(branches.get(i).id())) {
        throw error(source, "branches[" + i + "].id", "duplicate id '" + branches.get(i).id() + "'");
      }
    }
    List<Machine> machines = parseMachines(array(root, "machines", source), branchIds, source);
    return new Catalog(branches, machines);
  }

  private static List<Branch> parseBranches(JsonArray array, String source) {
    if (array.isEmpty()) {
      throw error(source, "branches", "must list at least one branch");
    }
    List<Branch> branches = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "branches[" + i + "]";
      JsonObject json = object(array, i, at, source);
      String id = id(json, "id", at, source);
      String name = text(json, "name", at, source);
      double lat = coordinate(json, "lat", -90, 90, at, source);
      double lon = coordinate(json, "lon", -180, 180, at, source);
      String zone = text(json, "timeZone", at, source);
      try {
        branches.add(new Branch(id, name, lat, lon, ZoneId.of(zone)));
      } catch (DateTimeException e) {
        throw error(source, at + ".timeZone", "'" + zone + "' is not a time zone id (e.g. Asia/Hong_Kong)");
      }
    }
    return branches;
  }

  private static List<Machine> parseMachines(JsonArray array, Set<String> branchIds, String source) {
    List<Machine> machines = new ArrayList<>();
    Set<String> machineIds = new HashSet<>();
    for (int i = 0; i < array.size(); i++) {
      String at = "machines[" + i + "]";
      JsonObject json = object(array, i, at, source);
      String machineId = id(json, "machineId", at, source);
      if (!machineIds.add(machineId)) {
        throw error(source, at + ".machineId", "duplicate id '" + machineId + "'");
      }
      String gymId = id(json, "gymId", at, source);
      if (!branchIds.contains(gymId)) {
        throw error(source, at + ".gymId", "'" + gymId + "' is not a branch of this catalog");
      }
      String rawCategory = text(json, "category", at, source);
      Category category = Category.parse(rawCategory).orElseThrow(() -> error(source, at + ".category",
          "'" + rawCategory + "' is not one of " + Category.accepted()));
      machines.add(new Machine(machineId, gymId, category, text(json, "name", at, source)));
    }
    return machines;
  }

  private static JsonArray array(JsonObject root, String key, String source) {
    Object value = root.getValue(key);
    if (!(value instanceof JsonArray array)) {
      throw error(source, key, "must be an array");
    }
    return array;
  }

  private static JsonObject object(JsonArray array, int index, String at, String source) {
    Object value = array.getValue(index);
    if (!(value instanceof JsonObject object)) {
      throw error(source, at, "must be an object");
    }
    return object;
  }

  private static String text(JsonObject json, String key, String at, String source) {
    Object value = json.getValue(key);
    if (!(value instanceof String text) || text.isBlank()) {
      throw error(source, at + "." + key, "must be a non-empty string");
    }
    return text;
  }

  private static String id(JsonObject json, String key, String at, String source) {
    String id = text(json, key, at, source);
    if (!ID.matcher(id).matches()) {
      throw error(source, at + "." + key,
          "'" + id + "' is not a valid id (letters, digits, '-', '_', '.'; at most 128 characters)");
    }
    return id;
  }

  private static double coordinate(JsonObject json, String key, double min, double max, String at, String source) {
    Object value = json.getValue(key);
    if (!(value instanceof Number number) || number.doubleValue() < min || number.doubleValue() > max) {
      throw error(source, at + "." + key, "must be a number from " + min + " to " + max);
    }
    return number.doubleValue();
  }

  private static CatalogException error(String source, String path, String problem) {
    return new CatalogException(source + ": " + path + ": " + problem);
  }
}
