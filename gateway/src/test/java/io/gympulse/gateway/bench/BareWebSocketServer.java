package io.gympulse.gateway.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;

/**
 * The baseline for {@link IdleHeapBenchmark}: a Vert.x server that accepts every WebSocket and does nothing
 * else, so its heap per connection is what Vert.x and Netty themselves cost. Run as its own process with the
 * gateway's shaded jar on the class path (same Vert.x and Netty as the gateway); prints {@code listening <port>}.
 * {@code -DstrictThreadMode=true} turns on {@link HttpServerOptions#setStrictThreadMode}, which spares the HTTP
 * connection its outbound MPSC queue.
 *
 * <pre>
 * java -cp gateway/target/gympulse-gateway.jar gateway/src/test/java/io/gympulse/gateway/bench/BareWebSocketServer.java 0
 * </pre>
 */
public final class BareWebSocketServer {

  private BareWebSocketServer() {
  }

  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    HttpServerOptions options = new HttpServerOptions().setStrictThreadMode(Boolean.getBoolean("strictThreadMode"));
    Vertx.vertx().createHttpServer(options)
        .webSocketHandler(ws -> {
          // accepted by returning; nothing is read or written, as an idle member's socket
        })
        .listen(port, "127.0.0.1")
        .onSuccess(server -> System.out.println("listening " + server.actualPort()))
        .onFailure(failure -> {
          System.err.println("bare WebSocket server could not listen: " + failure);
          System.exit(1);
        });
  }
}
