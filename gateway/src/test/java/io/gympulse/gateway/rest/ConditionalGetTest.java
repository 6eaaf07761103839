package io.gympulse.gateway.rest;

import static io.gympulse.gateway.testing.Devices.GYM;
import static io.gympulse.gateway.testing.Devices.MACHINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gympulse.gateway.testing.Alerts;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.Eventually;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** ETags and {@code If-None-Match}: a cache in front may keep state only if it revalidates, and learns of every change. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConditionalGetTest {

  /**
   * Documented GET paths that are not state reads: probes and the scrape (never stored), the WebSocket upgrade, a
   * member's own alerts (personal, never stored) and the API document (tested on its own, cacheable).
   */
  private static final Set<String> NOT_STATE = Set.of("/health", "/ready", "/metrics", "/ws", "/alerts", "/openapi.yaml");
  private static final String STRONG_TAG = "\"[^\"]+\"";

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();

  private MqttClient device;

  @AfterEach
  void closeDevice() {
    Devices.closeQuietly(device);
  }

  /** Verifies that every state read has a strong ETag and no-cache, and a matching If-None-Match, in each form, is a 304. */
  @Test
  void everyStateReadHasStrongETagAndAnswersMatchWithNotModified() {
    // GIVEN every documented GET path that reads state
    Set<String> templates = new TreeSet<>(DocumentedOperations.getPaths());
    templates.removeAll(NOT_STATE);
    assertTrue(templates.size() >= 10, "state paths: " + templates);

    for (String template : templates) {
      String path = DocumentedOperations.concrete(template);
      // WHEN it is read
      Http.Response first = get(path);

      // THEN it carries a strong tag and tells caches to revalidate every time
      assertEquals(200, first.status(), template + ": " + first.text());
      assertTrue(first.header("ETag").orElse("").matches(STRONG_TAG), template + " ETag: " + first.header("ETag"));
      assertEquals("no-cache", first.header("Cache-Control").orElse(null), template);

      // AND a matching If-None-Match is answered 304 with the tag and no body: exact, weak, in a list, or *
      assertNotModified(path, tag -> tag);
      assertNotModified(path, tag -> "W/" + tag);
      assertNotModified(path, tag -> "\"other\", W/\"a,b\" ,  " + tag);
      assertNotModified(path, tag -> "*");
      // AND a tag that does not match gets the full representation
      Http.Response other = get(path, "\"not-" + first.header("ETag").orElseThrow().substring(1));
      assertEquals(200, other.status(), template);
      assertFalse(other.text().isEmpty(), template);
    }
  }

  /** Verifies that after a device changes a machine's state, every read showing it gets a new ETag and a 200. */
  @Test
  void deviceTransitionChangesTheETagOfEveryReadShowingIt() throws Exception {
    // GIVEN the tags of the machine, its branch and the branch list before any report
    List<String> paths = List.of("/machines/" + MACHINE, "/branches/" + GYM, "/branches",
        "/branches/" + GYM + "/categories/legs", "/branches/" + GYM + "/categories/legs/machines");
    List<String> before = paths.stream().map(path -> get(path).header("ETag").orElseThrow()).toList();

    // WHEN the machine's sensor reports it occupied (QoS 1: acknowledged once applied)
    device = Devices.connect(gw.mqttPort(), Devices.MACHINE_CLIENT_ID);
    device.publish(Devices.topic(GYM, MACHINE), Devices.status("occupied", Devices.now(), 1), 1, false);
    Eventually.waitUntil(() -> "occupied".equals(get("/machines/" + MACHINE).<JsonObject>json().getString("status")));

    // THEN a cache revalidating with the old tag gets the new state and a new tag, which then revalidates
    for (int i = 0; i < paths.size(); i++) {
      Http.Response changed = get(paths.get(i), before.get(i));
      assertEquals(200, changed.status(), paths.get(i));
      String after = changed.header("ETag").orElseThrow();
      assertNotEquals(before.get(i), after, paths.get(i));
      assertEquals(304, get(paths.get(i), after).status(), paths.get(i));
    }
  }

  /** Verifies that the API document may be cached for a while and revalidated, as it changes only with a release. */
  @Test
  void apiDocumentIsCacheableAndRevalidates() {
    // WHEN the document is fetched, then revalidated
    Http.Response document = get("/openapi.yaml");
    Http.Response revalidated = get("/openapi.yaml", document.header("ETag").orElseThrow());

    // THEN a shared cache may keep it for an hour, and the revalidation is a 304
    assertEquals("public, max-age=3600", document.header("Cache-Control").orElse(null));
    assertTrue(document.header("ETag").orElseThrow().matches(STRONG_TAG));
    assertEquals(304, revalidated.status());
    assertEquals("", revalidated.text());
  }

  /** Verifies that probes, the scrape, a member's alerts and errors tell caches never to store them, and have no tag. */
  @Test
  void probesPersonalDataAndErrorsAreNeverStored() {
    String token = new Alerts(gw.httpPort()).newSession();
    for (Http.Response response : List.of(get("/health"), get("/ready"), get("/metrics"), get("/no/such/path"),
        get("/machines/no-such-machine"), Http.send(request("/alerts").header("Authorization", "Bearer " + token).GET()))) {
      assertEquals("no-store", response.header("Cache-Control").orElse(null), response.text());
      assertTrue(response.header("ETag").isEmpty(), response.text());
    }
  }

  /** Revalidates {@code path} with {@code ifNoneMatch(currentTag)}; retries if the resource itself changed meanwhile. */
  private void assertNotModified(String path, UnaryOperator<String> ifNoneMatch) {
    for (int attempt = 0; attempt < 3; attempt++) {
      String tag = get(path).header("ETag").orElseThrow();
      Http.Response response = get(path, ifNoneMatch.apply(tag));
      if (response.status() == 304) {
        assertEquals("", response.text(), path);
        assertEquals(tag, response.header("ETag").orElse(null), path);
        assertEquals("no-cache", response.header("Cache-Control").orElse(null), path);
        return;
      }
      if (tag.equals(get(path).header("ETag").orElseThrow())) {
        fail(path + " with If-None-Match " + ifNoneMatch.apply(tag) + ": " + response.status() + " " + response.text());
      }
      // the representation changed between the requests (a forecast's time moved on): try again
    }
    fail(path + " changed on every request");
  }

  private Http.Response get(String path) {
    return Http.send(request(path).GET());
  }

  private Http.Response get(String path, String ifNoneMatch) {
    return Http.send(request(path).header("If-None-Match", ifNoneMatch).GET());
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + path));
  }
}
