package io.gympulse.gateway.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bundled sample chain, and malformed catalog documents refused with the JSON path of the fault. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class CatalogLoaderTest {

  private static final String SOURCE = "test-catalog.json";

  /** Verifies that the bundled sample is the Hong Kong chain the architecture describes. */
  @Test
  void bundledSampleIsTwelveBranchChainWithEveryCategoryEverywhere() {
    Catalog catalog = CatalogLoader.bundledSample();

    assertEquals(12, catalog.branches().size());
    assertTrue(catalog.size() >= 600 && catalog.size() <= 700, "about 650 machines, got " + catalog.size());
    assertEquals(catalog.size(), catalog.machines().size());
    for (Branch branch : catalog.branches()) {
      for (Category category : Category.values()) {
        assertFalse(catalog.machines(branch.id(), category).isEmpty(),
            branch.id() + " has no " + category.wireName() + " machines");
      }
    }
    Branch central = catalog.branch("hk-central-caine").orElseThrow();
    assertEquals(22.2819, central.lat(), 1e-9);
    assertEquals(114.1577, central.lon(), 1e-9);
    assertEquals(ZoneId.of("Asia/Hong_Kong"), central.timeZone());
  }

  /** Verifies that a valid small document parses and is indexed by branch and category. */
  @Test
  void validDocumentIsIndexedByBranchAndCategory() {
    Catalog catalog = CatalogLoader.parse(validDocument().encode(), SOURCE);

    assertEquals(2, catalog.branches().size());
    assertEquals(3, catalog.size());
    assertEquals(Category.LEGS, catalog.machine("legpress-a-01").orElseThrow().category());
    assertEquals(2, catalog.machines("gym-a", Category.LEGS).size());
    assertEquals(0, catalog.machines("gym-a", Category.CARDIO).size());
    assertEquals(0, catalog.machines("no-such-gym", Category.LEGS).size());
  }

  /** Verifies that text that is not a JSON object is refused, naming the source. */
  @ParameterizedTest
  @ValueSource(strings = {"not json at all", "{\"branches\": [", "[1, 2]", ""})
  void documentThatIsNotJsonObjectIsRefused(String document) {
    CatalogException e = assertThrows(CatalogException.class, () -> CatalogLoader.parse(document, SOURCE));

    assertTrue(e.getMessage().startsWith(SOURCE + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
  }

  /** Verifies that a document without "branches" is refused at path {@code branches}. */
  @Test
  void missingBranchesIsRefused() {
    assertRefused(doc -> doc.remove("branches"), "branches: must be an array");
  }

  /** Verifies that an empty branch list is refused. */
  @Test
  void emptyBranchesIsRefused() {
    assertRefused(doc -> doc.put("branches", new JsonArray()), "branches: must list at least one branch");
  }

  /** Verifies that a document without "machines" is refused at path {@code machines}. */
  @Test
  void missingMachinesIsRefused() {
    assertRefused(doc -> doc.remove("machines"), "machines: must be an array");
  }

  /** Verifies that the second branch with an id already used is refused at its own index. */
  @Test
  void duplicateBranchIdIsRefused() {
    assertRefused(doc -> branch(doc, 1).put("id", "gym-a"), "branches[1].id: duplicate id 'gym-a'");
  }

  /** Verifies that latitudes that are not numbers from -90 to 90 are refused. */
  @ParameterizedTest
  @ValueSource(strings = {"91", "-90.5", "\"22.28\"", "null"})
  void badLatitudeIsRefused(String lat) {
    assertRefused(doc -> branch(doc, 1).put("lat", new JsonObject("{\"v\":" + lat + "}").getValue("v")),
        "branches[1].lat: must be a number from -90.0 to 90.0");
  }

  /** Verifies that a longitude beyond 180 is refused. */
  @Test
  void badLongitudeIsRefused() {
    assertRefused(doc -> branch(doc, 0).put("lon", 180.5), "branches[0].lon: must be a number from -180.0 to 180.0");
  }

  /** Verifies that a time zone id the JDK does not know is refused. */
  @ParameterizedTest
  @ValueSource(strings = {"Mars/Olympus_Mons", "HKT+25", "not a zone"})
  void unknownTimeZoneIsRefused(String zone) {
    assertRefused(doc -> branch(doc, 1).put("timeZone", zone),
        "branches[1].timeZone: '" + zone + "' is not a time zone id");
  }

  /** Verifies that a machine of a branch the catalog does not list is refused. */
  @Test
  void machineOfUnknownBranchIsRefused() {
    assertRefused(doc -> machine(doc, 2).put("gymId", "gym-z"),
        "machines[2].gymId: 'gym-z' is not a branch of this catalog");
  }

  /** Verifies that an unknown category is refused with the list of accepted ones. */
  @Test
  void unknownCategoryIsRefusedListingAcceptedOnes() {
    assertRefused(doc -> machine(doc, 1).put("category", "leg"),
        "machines[1].category: 'leg' is not one of legs, chest, back, arms, cardio, core");
  }

  /** Verifies that category names are exact: upper case is not accepted. */
  @Test
  void upperCaseCategoryIsRefused() {
    assertRefused(doc -> machine(doc, 0).put("category", "LEGS"), "machines[0].category: 'LEGS' is not one of");
  }

  /** Verifies that the second machine with an id already used is refused at its own index. */
  @Test
  void duplicateMachineIdIsRefused() {
    assertRefused(doc -> machine(doc, 2).put("machineId", "legpress-a-01"),
        "machines[2].machineId: duplicate id 'legpress-a-01'");
  }

  /** Verifies that machine ids that would break MQTT topics or URL paths are refused. */
  @ParameterizedTest
  @ValueSource(strings = {"legpress/01", "legpress+01", "legpress#01", "leg press", "-leading-dash"})
  void machineIdUnsafeForTopicsIsRefused(String id) {
    assertRefused(doc -> machine(doc, 1).put("machineId", id), "machines[1].machineId: '" + id + "' is not a valid id");
  }

  /** Verifies that branch ids that would break MQTT topics or URL paths are refused. */
  @ParameterizedTest
  @ValueSource(strings = {"gym/a", "gym+a"})
  void branchIdUnsafeForTopicsIsRefused(String id) {
    assertRefused(doc -> branch(doc, 0).put("id", id), "branches[0].id: '" + id + "' is not a valid id");
  }

  /** Verifies that a missing or blank name is refused. */
  @Test
  void blankMachineNameIsRefused() {
    assertRefused(doc -> machine(doc, 0).put("name", "  "), "machines[0].name: must be a non-empty string");
  }

  /** Verifies that a machine entry that is not an object is refused at its index. */
  @Test
  void machineThatIsNotAnObjectIsRefused() {
    assertRefused(doc -> doc.getJsonArray("machines").add("legpress-a-03"), "machines[3]: must be an object");
  }

  /** Verifies that a configured catalog file's faults are one line naming CATALOG, the file and where. */
  @Test
  void configuredCatalogFaultsNameTheVariable(@TempDir Path dir) throws IOException {
    JsonObject document = validDocument();
    machine(document, 1).put("category", "leg");
    Path badCategory = Files.writeString(dir.resolve("catalog.json"), document.encode());
    Path notJson = Files.writeString(dir.resolve("broken.json"), "{\"branches\": [\n  {\"id\": \n");

    CatalogException category = assertThrows(CatalogException.class,
        () -> CatalogLoader.configured(Optional.of(badCategory.toString())));
    CatalogException json = assertThrows(CatalogException.class,
        () -> CatalogLoader.configured(Optional.of(notJson.toString())));

    assertTrue(category.getMessage().startsWith("CATALOG='" + badCategory + "': machines[1].category: 'leg' is not one of"),
        category.getMessage());
    assertTrue(json.getMessage().startsWith("CATALOG='" + notJson + "': not a JSON object"), json.getMessage());
    assertFalse(json.getMessage().contains("\n"), "one line: " + json.getMessage());
  }

  /** Verifies that without CATALOG the bundled sample is used. */
  @Test
  void unsetCatalogIsTheBundledSample() {
    assertEquals(CatalogLoader.bundledSample().size(), CatalogLoader.configured(Optional.empty()).size());
  }

  private static void assertRefused(Consumer<JsonObject> breakIt, String expectedMessage) {
    JsonObject document = validDocument();
    breakIt.accept(document);
    CatalogException e = assertThrows(CatalogException.class, () -> CatalogLoader.parse(document.encode(), SOURCE));
    assertTrue(e.getMessage().startsWith(SOURCE + ": " + expectedMessage),
        "expected '" + SOURCE + ": " + expectedMessage + "...' but got '" + e.getMessage() + "'");
  }

  private static JsonObject branch(JsonObject document, int index) {
    return document.getJsonArray("branches").getJsonObject(index);
  }

  private static JsonObject machine(JsonObject document, int index) {
    return document.getJsonArray("machines").getJsonObject(index);
  }

  private static JsonObject validDocument() {
    return new JsonObject()
        .put("branches", new JsonArray()
            .add(new JsonObject().put("id", "gym-a").put("name", "Gym A").put("lat", 22.2819).put("lon", 114.1577)
                .put("timeZone", "Asia/Hong_Kong"))
            .add(new JsonObject().put("id", "gym-b").put("name", "Gym B").put("lat", -33.86).put("lon", 151.2)
                .put("timeZone", "Australia/Sydney")))
        .put("machines", new JsonArray()
            .add(new JsonObject().put("machineId", "legpress-a-01").put("gymId", "gym-a").put("category", "legs")
                .put("name", "Leg press 1"))
            .add(new JsonObject().put("machineId", "legpress-a-02").put("gymId", "gym-a").put("category", "legs")
                .put("name", "Leg press 2"))
            .add(new JsonObject().put("machineId", "treadmill-b-01").put("gymId", "gym-b").put("category", "cardio")
                .put("name", "Treadmill 1")));
  }
}
