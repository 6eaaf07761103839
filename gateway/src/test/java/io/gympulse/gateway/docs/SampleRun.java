package io.gympulse.gateway.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gympulse.gateway.docs.DocSample.Command;
import io.gympulse.gateway.docs.DocSample.Output;
import io.gympulse.gateway.docs.DocSample.Step;
import io.gympulse.gateway.docs.DocSample.WsExpect;
import io.gympulse.gateway.docs.DocSample.WsSend;
import io.gympulse.gateway.testing.Eventually;
import io.gympulse.gateway.testing.Http;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Plays documented samples against a running gateway with independent clients, as a reader would type them:
 * {@code curl} through the JDK HTTP client, {@code mosquitto_pub} through Eclipse Paho, {@code wscat} through the
 * Vert.x WebSocket client. The documented port numbers are mapped to the gateway's.
 */
final class SampleRun implements AutoCloseable {

  private static final Pattern SED = Pattern.compile("s/(.*)/\\\\1/");

  private final Vertx vertx;
  private final int httpPort;
  private final int mqttPort;
  private final Map<String, String> variables = new HashMap<>();
  private final List<WebSocketClient> clients = new ArrayList<>();
  private final LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
  private WebSocket socket;
  private String lastOutput = "";

  SampleRun(Vertx vertx, int httpPort, int mqttPort) {
    this.vertx = vertx;
    this.httpPort = httpPort;
    this.mqttPort = mqttPort;
  }

  /** Why this runner cannot play {@code sample} (it needs a tool or a file the test does not have), or empty. */
  static Optional<String> unsupported(DocSample sample) {
    for (Step step : sample.steps()) {
      if (step instanceof Command command) {
        String text = command.text();
        boolean known = text.startsWith("curl ") || text.startsWith("npx --yes wscat -c ")
            || text.matches("[A-Z_]+=\\$\\(curl .*") || text.startsWith("mosquitto_pub ") && !text.contains("--cafile");
        if (!known) {
          return Optional.of(text);
        }
      }
    }
    return Optional.empty();
  }

  void play(DocSample sample) {
    List<Step> steps = sample.steps();
    JsonArray vocabulary = new JsonArray();
    steps.stream().filter(WsExpect.class::isInstance).map(s -> JsonShape.sample(((WsExpect) s).text()))
        .forEach(frame -> {
          if (frame instanceof JsonArray messages) {
            messages.forEach(vocabulary::add);
          } else {
            vocabulary.add(frame);
          }
        });
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String where = sample.where() + " step " + (i + 1) + " " + step;
      try {
        Optional<Output> output = i + 1 < steps.size() && steps.get(i + 1) instanceof Output o ? Optional.of(o)
            : Optional.empty();
        if (step instanceof Command command) {
          command(command.text(), output);
        } else if (step instanceof WsSend send) {
          socket().writeTextMessage(send.text());
        } else if (step instanceof WsExpect expect) {
          expectFrame(expect.text(), vocabulary);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(where, e);
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(where + ": " + e.getMessage(), e);
      }
    }
  }

  private void command(String text, Optional<Output> output) {
    List<List<String>> pipeline = ShellLine.parse(text, variables, this::substitute);
    List<String> words = pipeline.get(0);
    String first = words.get(0);
    if (first.matches("[A-Z_]+=.*")) {
      int eq = first.indexOf('=');
      variables.put(first.substring(0, eq), first.substring(eq + 1));
    } else if (first.equals("curl")) {
      Http.Response response = curl(words);
      assertTrue(response.status() / 100 == 2, "HTTP " + response.status() + ": " + response.text());
      output.ifPresent(o -> assertShape(o.text(), response.text()));
      lastOutput = response.text();
    } else if (first.equals("mosquitto_pub")) {
      mosquittoPub(words);
    } else if (first.equals("npx")) {
      openWebSocket(words.get(words.size() - 1));
    }
    for (List<String> filter : pipeline.subList(1, pipeline.size())) {
      assertEquals("grep", filter.get(0), "only grep may follow a pipe in a runnable sample");
      assertTrue(lastOutput.contains(filter.get(1)), "output lacks '" + filter.get(1) + "'");
    }
  }

  /** Answers {@code $(...)}: the current time as {@code date} prints it, or a curl piped through sed. */
  private String substitute(String body) {
    List<List<String>> pipeline = ShellLine.parse(body, variables, this::substitute);
    List<String> first = pipeline.get(0);
    String value;
    if (first.get(0).equals("date")) {
      long nanos = System.currentTimeMillis() * 1_000_000L;
      value = first.get(1).equals("+%s") ? Long.toString(nanos / 1_000_000_000L)
          : String.format("%d.%09d", nanos / 1_000_000_000L, nanos % 1_000_000_000L);
    } else if (first.get(0).equals("curl")) {
      value = curl(first).text();
    } else {
      throw new IllegalArgumentException("cannot play $(" + body + ")");
    }
    for (List<String> filter : pipeline.subList(1, pipeline.size())) {
      value = filter(value, filter);
    }
    return value;
  }

  private static String filter(String value, List<String> filter) {
    if (filter.get(0).equals("cut") && filter.get(1).matches("-c1-\\d+")) {
      return value.substring(0, Math.min(value.length(), Integer.parseInt(filter.get(1).substring(4))));
    }
    Matcher sed = SED.matcher(filter.size() == 2 && filter.get(0).equals("sed") ? filter.get(1) : "");
    if (sed.matches()) {
      // a basic regular expression's \( \) group is Java's ( )
      Matcher match = Pattern.compile(sed.group(1).replace("\\(", "(").replace("\\)", ")")).matcher(value);
      assertTrue(match.matches(), "sed finds nothing in: " + value);
      return match.group(1);
    }
    throw new IllegalArgumentException("cannot play filter " + filter);
  }

  private Http.Response curl(List<String> words) {
    String method = "GET";
    String body = null;
    String url = null;
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < words.size(); i++) {
      switch (words.get(i)) {
        case "-s" -> { }
        case "-X" -> method = words.get(++i);
        case "-d" -> body = words.get(++i);
        case "-H" -> {
          String[] header = words.get(++i).split(":\\s*", 2);
          headers.put(header[0], header[1]);
        }
        default -> url = words.get(i);
      }
    }
    String address = (url.startsWith("http") ? url : "http://" + url).replace("localhost:8080", "127.0.0.1:" + httpPort);
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(address)).method(method,
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return Http.send(request);
  }

  private void mosquittoPub(List<String> words) {
    Map<String, String> options = new HashMap<>();
    for (int i = 1; i < words.size(); i += 2) {
      options.put(words.get(i), words.get(i + 1));
    }
    assertEquals("1883", options.getOrDefault("-p", "1883"), "samples use the documented MQTT port");
    String topic = options.get("-t");
    JsonObject payload = new JsonObject(options.get("-m"));
    double rejectionsBefore = rejections();
    try {
      MqttClient client = new MqttClient("tcp://127.0.0.1:" + mqttPort, options.get("-i"), new MemoryPersistence());
      MqttConnectOptions connect = new MqttConnectOptions();
      connect.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1); // mosquitto_pub's default
      client.connect(connect);
      client.publish(topic, options.get("-m").getBytes(), Integer.parseInt(options.getOrDefault("-q", "0")), false);
      client.disconnect();
      client.close();
    } catch (Exception e) {
      throw new AssertionError("mosquitto_pub as documented fails: " + e, e);
    }
    String machineId = topic.split("/")[3];
    // accepted, not merely acknowledged: an MQTT 3.1.1 device gets its PUBACK for a rejected payload too
    assertEquals(rejectionsBefore, rejections(), "the documented publish was rejected");
    try {
      Eventually.waitUntil(() -> Http.get(httpPort, "/machines/" + machineId).<JsonObject>json()
          .getDouble("timestamp") >= payload.getDouble("timestamp") - 0.001);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private double rejections() {
    return Http.get(httpPort, "/metrics").text().lines().filter(l -> l.startsWith("gympulse_mqtt_rejections_total"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private void openWebSocket(String url) {
    URI uri = URI.create(url.replace("localhost:8080", "127.0.0.1:" + httpPort));
    WebSocketClient client = vertx.createWebSocketClient();
    clients.add(client);
    String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
    try {
      socket = client.connect(uri.getPort(), uri.getHost(), path).await(15, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("wscat -c " + url + " fails: " + e, e);
    }
    frames.clear();
    socket.textMessageHandler(frames::add);
  }

  private void expectFrame(String documented, JsonArray vocabulary) throws InterruptedException {
    String frame = frames.poll(15, TimeUnit.SECONDS);
    if (frame == null) {
      fail("no frame within 15 s, documented: " + documented);
    }
    JsonShape.frameMismatch(JsonShape.sample(documented), vocabulary, Json.decodeValue(frame))
        .ifPresent(problem -> fail("the real frame differs from the sample: " + problem + "\nreal: " + frame));
  }

  private static void assertShape(String documented, String real) {
    JsonShape.mismatch(JsonShape.sample(documented), Json.decodeValue(real))
        .ifPresent(problem -> fail("real output differs from the sample: " + problem + "\nreal: " + real));
  }

  private WebSocket socket() {
    if (socket == null) {
      fail("the sample sends to a WebSocket it never opened");
    }
    return socket;
  }

  @Override
  public void close() {
    clients.forEach(WebSocketClient::close);
  }
}
