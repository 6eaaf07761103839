package io.gympulse.gateway.rest;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.List;

/**
 * The member web app: {@code /} is its page and {@code /app/*} its scripts, styles and icon, all bundled in the jar
 * under {@code web/} (no build step, no CDN, so it works with no internet beyond the gateway). Pages are routed in the
 * browser after {@code #}, so no app path can shadow an API path. Every asset is revalidated on each use
 * ({@code no-cache} with {@code Last-Modified}, so usually a 304): the files carry no content hash, and a page must
 * never mix scripts of two releases.
 */
public final class WebAppRoutes implements Routes {

  /** The paths this group serves: the app, not the API, so {@code openapi.yaml} does not describe them. */
  public static final List<String> PATHS = List.of("/", "/app/*");
  private static final String FILES = "/app/";

  /**
   * Scripts, styles and connections only from this origin, no framing, no inline script: the page renders data from
   * the gateway and the chat assistant, and this keeps any text that slipped through escaping inert.
   */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

  @Override
  public void register(Router router) {
    StaticHandler page = StaticHandler.create("web").setIndexPage("index.html").setMaxAgeSeconds(0)
        .setDefaultContentEncoding("UTF-8");
    StaticHandler assets = StaticHandler.create("web/app").setMaxAgeSeconds(0).setDefaultContentEncoding("UTF-8");
    router.get(PATHS.get(0)).handler(WebAppRoutes::secure).handler(page);
    router.get(PATHS.get(1)).handler(WebAppRoutes::secure).handler(assets);
  }

  /** Whether {@code path} is the app's page or one of its files (what {@link #PATHS} route). */
  static boolean serves(String path) {
    return path.equals("/") || path.startsWith(FILES);
  }

  private static void secure(RoutingContext ctx) {
    ctx.response()
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    // StaticHandler writes "public, immutable, max-age=0"; say plainly what is meant: revalidate on every use
    ctx.addHeadersEndHandler(v -> ctx.response().headers().set("Cache-Control", Caching.REVALIDATE.header()));
    ctx.next();
  }
}
