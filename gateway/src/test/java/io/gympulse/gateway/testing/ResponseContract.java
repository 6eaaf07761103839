package io.gympulse.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.app.Main;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.Yaml;

/**
 * {@code openapi.yaml} as a checker of real responses: each one's status, content type, headers and body are
 * validated against the operation that documents it (with vertx-openapi's {@link ResponseValidator}), and every
 * checked (operation, status) pair is remembered so a test can insist that none of the document goes unexercised.
 */
public final class ResponseContract implements AutoCloseable {

  /** One documented operation: what a generic request to it needs. */
  public record Operation(String id, String method, String path, Set<String> statuses) {
  }

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private final Vertx vertx;
  private final JsonObject document;
  private final OpenAPIContract contract;
  private final ResponseValidator validator;
  private final Map<String, Operation> operations;
  private final Set<String> exercised = new TreeSet<>();

  private ResponseContract(Vertx vertx, JsonObject document, OpenAPIContract contract, ResponseValidator validator) {
    this.vertx = vertx;
    this.document = document;
    this.contract = contract;
    this.validator = validator;
    this.operations = operations(document);
  }

  /**
   * Loads the bundled document; the contract's own validation (against the OpenAPI schema) must pass. It runs on a
   * Vert.x of its own: vertx-openapi builds the contract on an event loop (hundreds of milliseconds for this
   * document), which must not count against the gateway's guarded loops.
   */
  public static ResponseContract load() {
    Map<String, Object> yaml = new Yaml().load(Main.openApiDocument().toString(StandardCharsets.UTF_8));
    JsonObject document = new JsonObject(Json.encode(yaml));
    Vertx vertx = Vertx.vertx();
    try {
      OpenAPIContract contract = OpenAPIContract.from(vertx, forValidator(document.copy())).await(30, TimeUnit.SECONDS);
      return new ResponseContract(vertx, document, contract, ResponseValidator.create(vertx, contract));
    } catch (Exception e) {
      vertx.close();
      throw new AssertionError("openapi.yaml is not a valid OpenAPI document: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  /**
   * Gaps of vertx-openapi 5.0.7 bridged on the validator's copy only. It validates JSON bodies alone: it refuses a
   * contract with a media type it cannot analyse ({@code application/yaml}) and fails a {@code text/plain} body
   * against a string schema, so non-JSON media types are removed and {@link #check} checks those bodies (documented
   * as strings) itself. And it lower-cases the received header names but looks them up as documented, so documented
   * response headers are lower-cased too (header names are case-insensitive).
   */
  private static JsonObject forValidator(JsonObject document) {
    for (JsonObject response : responseObjects(document)) {
      JsonObject content = response.getJsonObject("content");
      if (content != null) {
        content.fieldNames().removeIf(type -> !isJson(type));
      }
      JsonObject headers = response.getJsonObject("headers");
      if (headers != null) {
        JsonObject lowerCased = new JsonObject();
        headers.forEach(header -> lowerCased.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue()));
        response.put("headers", lowerCased);
      }
    }
    return document;
  }

  private static List<JsonObject> responseObjects(JsonObject document) {
    List<JsonObject> responses = new ArrayList<>();
    JsonObject components = document.getJsonObject("components", new JsonObject()).getJsonObject("responses");
    if (components != null) {
      components.fieldNames().forEach(name -> responses.add(components.getJsonObject(name)));
    }
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(method)) {
          JsonObject byStatus = paths.getJsonObject(path).getJsonObject(method).getJsonObject("responses");
          byStatus.fieldNames().forEach(status -> responses.add(byStatus.getJsonObject(status)));
        }
      }
    }
    return responses;
  }

  private static Map<String, Operation> operations(JsonObject document) {
    Map<String, Operation> operations = new HashMap<>();
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (METHODS.contains(method)) {
          JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
          String id = operation.getString("operationId");
          operations.put(id, new Operation(id, method.toUpperCase(Locale.ROOT), path,
              new TreeSet<>(operation.getJsonObject("responses").fieldNames())));
        }
      }
    }
    return operations;
  }

  /** Every documented operation. */
  public List<Operation> operations() {
    return operations.values().stream().sorted((a, b) -> a.id().compareTo(b.id())).toList();
  }

  /**
   * Fails unless {@code response} is one the document gives for {@code operationId}: a documented status, a
   * documented media type (parameters of the documented one must be present, e.g. a charset), the documented
   * headers, and a body that matches the schema (none when none is documented).
   */
  public void check(String operationId, Http.Response response) {
    Operation operation = operations.get(operationId);
    assertTrue(operation != null, "no operation '" + operationId + "' in openapi.yaml");
    String status = Integer.toString(response.status());
    String what = operationId + " " + status + " (" + response.contentType() + "): " + abbreviated(response.text());
    assertTrue(operation.statuses().contains(status), "undocumented status for " + what);
    JsonObject documented = resolve(document.getJsonObject("paths").getJsonObject(operation.path())
        .getJsonObject(operation.method().toLowerCase(Locale.ROOT)).getJsonObject("responses").getJsonObject(status));
    Set<String> mediaTypes = documented.getJsonObject("content", new JsonObject()).fieldNames();
    String mediaType = null;
    if (mediaTypes.isEmpty()) {
      assertEquals("", response.text(), "a body where none is documented: " + what);
    } else {
      mediaType = documentedMediaType(mediaTypes, response.contentType())
          .orElseThrow(() -> new AssertionError("content type not among " + mediaTypes + ": " + what));
      assertFalse(response.text().isEmpty(), "no body: " + what);
      if (!isJson(mediaType)) {
        // checked here, not by the validator: text that is not JSON can only be documented as a string
        assertEquals("string", documented.getJsonObject("content").getJsonObject(mediaType).getJsonObject("schema")
            .getString("type"), "a " + mediaType + " body is text: " + what);
      }
    }
    Map<String, String> headers = new HashMap<>();
    response.headers().map().forEach((name, values) -> headers.put(name, values.get(0)));
    boolean analysable = mediaType != null && isJson(mediaType);
    ValidatableResponse validatable = analysable
        ? ValidatableResponse.create(response.status(), headers, Buffer.buffer(response.text()), mediaType)
        : ValidatableResponse.create(response.status(), headers);
    try {
      validator.validate(validatable, operationId).await(10, TimeUnit.SECONDS);
    } catch (SchemaValidationException e) {
      throw new AssertionError("does not match openapi.yaml: " + e.getMessage() + " " + e.getOutputUnit().getErrors()
          + "\n  " + what, e);
    } catch (Exception e) {
      throw new AssertionError("does not match openapi.yaml: " + e.getMessage() + "\n  " + what, e);
    }
    exercised.add(operationId + " " + status);
  }

  /** Fails unless {@code response} is a JSON error body of the {@code Error} schema (for paths and methods no operation has). */
  public void checkError(Http.Response response) {
    assertEquals(Optional.of("application/json"),
        documentedMediaType(Set.of("application/json"), response.contentType()), response.contentType());
    JsonObject errorSchema = contract.getRawContract().getJsonObject("components").getJsonObject("schemas")
        .getJsonObject("Error");
    try {
      contract.getSchemaRepository().validator(JsonSchema.of(errorSchema)).validate(Json.decodeValue(response.text()))
          .checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw new AssertionError("not an Error: " + e.getMessage() + ": " + response.text(), e);
    }
  }

  /** Documented "operationId status" pairs no {@link #check} has exercised. */
  public Set<String> unexercised() {
    Set<String> missing = new TreeSet<>();
    operations.values().forEach(operation -> operation.statuses().forEach(status -> missing.add(operation.id() + " " + status)));
    missing.removeAll(exercised);
    return missing;
  }

  /** The documented media type a real {@code Content-Type} is an instance of: same type, and the key's parameters present. */
  static Optional<String> documentedMediaType(Set<String> documented, String actual) {
    String essence = essence(actual);
    Set<String> parameters = parameters(actual);
    return documented.stream()
        .filter(type -> essence(type).equals(essence) && parameters.containsAll(parameters(type)))
        .findFirst();
  }

  private static boolean isJson(String mediaType) {
    String essence = essence(mediaType);
    return essence.equals("application/json") || essence.endsWith("+json");
  }

  private static String essence(String contentType) {
    return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
  }

  private static Set<String> parameters(String contentType) {
    return Arrays.stream(contentType.split(";")).skip(1).map(p -> p.trim().toLowerCase(Locale.ROOT).replace(" ", ""))
        .filter(p -> !p.isEmpty()).collect(Collectors.toSet());
  }

  /** Follows a local {@code $ref} such as {@code #/components/responses/NotFound}. */
  private JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null) {
      return node;
    }
    JsonObject target = document;
    for (String segment : ref.substring(2).split("/")) {
      target = target.getJsonObject(segment);
    }
    return target;
  }

  private static String abbreviated(String text) {
    return text.length() > 400 ? text.substring(0, 400) + "..." : text;
  }
}
