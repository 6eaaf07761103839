package io.gympulse.gateway.bench;

import io.gympulse.gateway.app.Stores;
import io.gympulse.gateway.testing.TestGateway;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /chat} latency in local mode: a gateway with the simulator playing every machine and a
 * week of backfilled history, asked a mix of real phrasings (near me, named branches, busy, quiet
 * times, follow-ups) by {@code concurrency} callers at once; prints p50/p95/p99/max and throughput.
 *
 * <pre>
 * mvn -q install -DskipTests && mvn -q -pl gateway exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.gympulse.gateway.bench.ChatBenchmark -Drequests=20000 -Dconcurrency=32
 * </pre>
 * {@code -Ddays} sets the backfilled history (default 7).
 */
public final class ChatBenchmark {

  private static final JsonObject ADMIRALTY = new JsonObject().put("lat", 22.279).put("lon", 114.165);
  private static final List<JsonObject> ASKS = List.of(
      new JsonObject().put("message", "leg day near me?").put("location", ADMIRALTY),
      new JsonObject().put("message", "any free treadmill close by").put("location", ADMIRALTY),
      new JsonObject().put("message", "is TST busy right now?"),
      new JsonObject().put("message", "when is Causeway Bay quiet for chest?"),
      new JsonObject().put("message", "squat rack in Mongkok"),
      new JsonObject().put("message", "rowing machine near me").put("location", ADMIRALTY),
      new JsonObject().put("message", "what about back?").put("sessionId", "bench-follow-up"));

  private ChatBenchmark() {
  }

  public static void main(String[] args) {
    BenchmarkMain.runAndExit("chat benchmark", ChatBenchmark::run);
  }

  private static void run() throws Exception {
    int requests = Integer.getInteger("requests", 20_000);
    int concurrency = Integer.getInteger("concurrency", 32);
    int backfillDays = Integer.getInteger("days", 7);

    Vertx server = Vertx.vertx();
    Vertx load = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      // all callers share 127.0.0.1: lift the per-address limit for this gateway only
      TestGateway gateway = TestGateway.start(server, Map.of("SIMULATOR", "on", "SIMULATOR_SPEED", "60",
          "SIMULATOR_BACKFILL_DAYS", Integer.toString(backfillDays), "RATE_LIMIT_PER_ADDRESS_PER_MINUTE", "1000000"),
          Stores.inMemory());
      HttpClient http = load.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(gateway.httpPort()).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(concurrency));
      measure(http, requests, concurrency);
      http.close().await(10, TimeUnit.SECONDS);
      gateway.stop();
    } finally {
      BenchmarkMain.close(load);
      BenchmarkMain.close(server);
    }
  }

  private static void measure(HttpClient http, int requests, int concurrency) throws Exception {
    run(http, Math.min(2_000, requests), concurrency); // warm-up: JIT, connections, sessions
    long[] nanos = new long[requests];
    long started = System.nanoTime();
    AtomicInteger failures = run(http, requests, concurrency, nanos);
    double seconds = (System.nanoTime() - started) / 1e9;

    Arrays.sort(nanos);
    System.out.printf("chat local: %d requests, %d callers, %.0f answers/s, failures %d%n", requests, concurrency,
        requests / seconds, failures.get());
    System.out.printf("latency ms: p50 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", ms(nanos, 0.50), ms(nanos, 0.95),
        ms(nanos, 0.99), nanos[requests - 1] / 1e6);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " of " + requests + " requests failed or were not answered 200");
    }
  }

  private static void run(HttpClient http, int requests, int concurrency) throws Exception {
    run(http, requests, concurrency, new long[requests]);
  }

  /** {@code concurrency} callers, each sending its next ask when the previous answer arrives. */
  private static AtomicInteger run(HttpClient http, int requests, int concurrency, long[] nanos) throws Exception {
    AtomicInteger next = new AtomicInteger();
    AtomicInteger failures = new AtomicInteger();
    Promise<Void> done = Promise.promise();
    AtomicInteger finished = new AtomicInteger();
    for (int c = 0; c < concurrency; c++) {
      caller(http, requests, next, nanos, failures, () -> {
        if (finished.incrementAndGet() == concurrency) {
          done.complete();
        }
      });
    }
    done.future().await(10, TimeUnit.MINUTES);
    return failures;
  }

  private static void caller(HttpClient http, int requests, AtomicInteger next, long[] nanos, AtomicInteger failures,
      Runnable finished) {
    int i = next.getAndIncrement();
    if (i >= requests) {
      finished.run();
      return;
    }
    long sent = System.nanoTime();
    ask(http, ASKS.get(i % ASKS.size())).onComplete(result -> {
      nanos[i] = System.nanoTime() - sent;
      if (result.failed() || result.result() != 200) {
        failures.incrementAndGet();
      }
      caller(http, requests, next, nanos, failures, finished);
    });
  }

  private static Future<Integer> ask(HttpClient http, JsonObject body) {
    return http.request(HttpMethod.POST, "/chat").compose(request -> request.putHeader("Content-Type", "application/json")
        .send(body.toBuffer()).compose(response -> response.body().map(ignored -> response.statusCode())));
  }

  private static double ms(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
  }
}
