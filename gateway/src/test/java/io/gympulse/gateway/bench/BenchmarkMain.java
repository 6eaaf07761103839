package io.gympulse.gateway.bench;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * How every benchmark's {@code main} ends: figures on stdout and exit status 0, or the cause on stderr and
 * status 1. Always through {@link System#exit}, because Vert.x's event-loop threads are not daemons: a
 * {@code main} that just returns or throws would leave the JVM (and {@code mvn exec:java}) waiting forever.
 */
final class BenchmarkMain {

  /** A benchmark's body; it closes what it opened in its own {@code finally}. */
  interface Body {
    void run() throws Exception;
  }

  private BenchmarkMain() {
  }

  static void runAndExit(String name, Body body) {
    int status = 1;
    try {
      body.run();
      status = 0;
    } catch (Throwable failure) {
      System.err.println(name + " failed: " + failure);
      failure.printStackTrace();
    } finally {
      System.out.flush();
      System.err.flush();
      System.exit(status);
    }
  }

  /** Closes {@code vertx} from a {@code finally}: a failure to close is reported, never thrown over the real cause. */
  static void close(Vertx vertx) {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("could not close Vert.x: " + e);
    }
  }
}
