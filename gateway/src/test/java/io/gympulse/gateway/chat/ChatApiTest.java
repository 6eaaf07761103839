package io.gympulse.gateway.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gympulse.gateway.catalog.Category;
import io.gympulse.gateway.testing.Devices;
import io.gympulse.gateway.testing.GatewayExtension;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code POST /chat} in local mode: real answers from the live state, context across a session, clear asks. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChatApiTest {

  /** Admiralty: Central is ~0.8 km west, Causeway Bay ~1 km east. */
  private static final JsonObject ADMIRALTY = new JsonObject().put("lat", 22.2790).put("lon", 114.1650);

  @RegisterExtension
  final GatewayExtension gw = GatewayExtension.withDefaults();
  private MqttClient hub;

  @AfterEach
  void closeClients() {
    Devices.closeQuietly(hub);
  }

  private JsonObject chat(JsonObject body) {
    Http.Response response = Http.postJson(gw.httpPort(), "/chat", body);
    assertEquals(200, response.status(), response.text());
    return response.json();
  }

  /** Verifies that "leg day near me" with a location recommends the nearest branch with a free machine, plus alternatives. */
  @Test
  void legDayNearMeRecommendsTheSoonestFreeBranch() throws Exception {
    Devices.reportCategory(gw.mqttPort(), "hk-central-caine", Category.LEGS, 0);
    Devices.reportCategory(gw.mqttPort(), "hk-causeway-hennessy", Category.LEGS, 3);
    Devices.reportCategory(gw.mqttPort(), "kl-tsimshatsui-canton", Category.LEGS, 1);

    JsonObject answer = chat(new JsonObject().put("message", "leg day near me?").put("location", ADMIRALTY));

    JsonArray picks = answer.getJsonArray("recommendations");
    JsonObject top = picks.getJsonObject(0);
    assertEquals("hk-causeway-hennessy", top.getString("gymId"), answer.encodePrettily());
    assertEquals(3, top.getInteger("free"));
    assertTrue(top.getBoolean("estimated"), "walking time is an estimate without a route calculator");
    assertTrue(top.getDouble("etaMinutes") > 5 && top.getDouble("etaMinutes") < 30);
    assertEquals(3, picks.size(), "the top pick and two alternatives");
    assertTrue(answer.getString("reply").startsWith("Go to Causeway Bay: 3 of"), answer.getString("reply"));
    assertEquals(new JsonArray().add("availability").add("route_matrix"), answer.getJsonArray("toolsUsed"));
  }

  /** Verifies that a follow-up in the same session keeps the location and changes only the category. */
  @Test
  void followUpKeepsContext() throws Exception {
    Devices.reportCategory(gw.mqttPort(), "hk-central-caine", Category.CHEST, 2);
    JsonObject first = chat(new JsonObject().put("message", "leg day near me").put("location", ADMIRALTY));
    String session = first.getString("sessionId");

    JsonObject followUp = chat(new JsonObject().put("message", "what about chest?").put("sessionId", session));

    assertEquals(session, followUp.getString("sessionId"));
    assertEquals("hk-central-caine", followUp.getJsonArray("recommendations").getJsonObject(0).getString("gymId"),
        followUp.encodePrettily());
    assertTrue(followUp.getString("reply").contains("chest machines"), followUp.getString("reply"));
  }

  /** Verifies that without a location or branch the assistant says what it needs, and that it asks for a category it knows. */
  @Test
  void saysWhatItNeeds() {
    JsonObject noLocation = chat(new JsonObject().put("message", "any treadmill free?"));
    assertTrue(noLocation.getString("reply").contains("share your location"), noLocation.getString("reply"));
    assertEquals(0, noLocation.getJsonArray("recommendations").size());

    JsonObject noCategory = chat(new JsonObject().put("message", "hello there"));
    assertTrue(noCategory.getString("reply").contains("legs, chest, back, arms, cardio or core"), noCategory.getString("reply"));
    assertTrue(noCategory.getString("reply").contains("rule-based"), "honest about what it is");

    JsonObject unknownKind = chat(new JsonObject().put("message", "is the swimming pool free near me?").put("location", ADMIRALTY));
    assertTrue(unknownKind.getString("reply").startsWith("I understood you want something near you, but not which machines."),
        unknownKind.getString("reply"));
    assertTrue(unknownKind.getString("reply").contains("legs, chest, back, arms, cardio or core"), unknownKind.getString("reply"));
    assertEquals(0, unknownKind.getJsonArray("recommendations").size());
  }

  /** Verifies that when everything nearby is busy the answer says so and offers an alert. */
  @Test
  void allBusyIsSaidPlainly() throws Exception {
    for (String gym : new String[] {"hk-central-caine", "hk-causeway-hennessy", "kl-tsimshatsui-canton"}) {
      Devices.reportCategory(gw.mqttPort(), gym, Category.CORE, 0);
    }
    JsonObject answer = chat(new JsonObject().put("message", "abs nearby").put("location", ADMIRALTY));
    assertTrue(answer.getString("reply").startsWith("No core machines are free nearby right now; Central is the closest"),
        answer.getString("reply"));
    assertTrue(answer.getString("reply").contains("alert"), answer.getString("reply"));
  }

  /** Verifies that a named branch leads the answer, full or not, with where to go instead. */
  @Test
  void namedBranchLeadsTheAnswer() throws Exception {
    Devices.reportCategory(gw.mqttPort(), "kl-mongkok-nathan", Category.CARDIO, 0);
    Devices.reportCategory(gw.mqttPort(), "kl-shamshuipo-cheungsha", Category.CARDIO, 4);
    JsonObject answer = chat(new JsonObject().put("message", "treadmill at Mong Kok?"));
    assertEquals("kl-mongkok-nathan", answer.getJsonArray("recommendations").getJsonObject(0).getString("gymId"));
    assertTrue(answer.getString("reply").startsWith("Mong Kok has no free cardio machines right now. Try "),
        answer.getString("reply"));
  }

  /** Verifies that bad requests are 400 with the JSON error body. */
  @Test
  void badRequestsAreRefused() {
    for (String body : new String[] {"{}", "{\"message\":\"\"}", "{\"message\":\"hi\",\"location\":{\"lat\":95,\"lon\":0}}",
        "{\"message\":\"hi\",\"sessionId\":42}", "{\"message\":\"hi\",\"sessionId\":\"has spaces\"}", "not json"}) {
      Http.Response response = Http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.httpPort() + "/chat"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
      assertEquals(400, response.status(), body);
      assertTrue(response.<JsonObject>json().getJsonObject("error").getString("code").startsWith("invalid_"), body);
    }
  }
}
