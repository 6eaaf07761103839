package io.gympulse.gateway.rest;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a response on its request's event loop. The HTTP server runs in strict thread mode, which spares each
 * connection an outbound queue (4.8 KB less per WebSocket member, see docs/benchmarks.md) but makes a write from any
 * other thread throw, and then the response never leaves. A handler that goes on after a future (the alert store's,
 * the session verifier's, the assistant's) may be on such a thread, so every write goes through here.
 */
final class RequestLoop {

  private static final String CONTEXT = "gympulse.requestContext";
  private static final String THREAD = "gympulse.requestThread";

  private RequestLoop() {
  }

  /** The router's first handler: remembers the request's context and thread, on which routing starts. */
  static Handler<RoutingContext> remember() {
    return ctx -> {
      ctx.put(CONTEXT, Vertx.currentContext());
      ctx.put(THREAD, Thread.currentThread());
      ctx.next();
    };
  }

  /** Runs {@code write} now when on the request's thread, else on its context. */
  static void write(RoutingContext ctx, Runnable write) {
    Context context = ctx.get(CONTEXT);
    if (context == null || ctx.get(THREAD) == Thread.currentThread()) {
      write.run();
    } else {
      context.runOnContext(v -> write.run());
    }
  }
}
