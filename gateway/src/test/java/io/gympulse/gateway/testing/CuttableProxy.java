package io.gympulse.gateway.testing;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free loopback port whose connections can be cut at once, as a network that drops them: the
 * peers see the connection end without a goodbye while the server behind keeps its state.
 */
public final class CuttableProxy {

  private final NetServer server;
  private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();
  private volatile boolean blocked;

  private CuttableProxy(NetServer server) {
    this.server = server;
  }

  /** Starts forwarding every connection to {@code targetPort} on loopback. */
  public static CuttableProxy start(Vertx vertx, int targetPort) {
    NetServer server = vertx.createNetServer();
    CuttableProxy proxy = new CuttableProxy(server);
    server.connectHandler(inbound -> {
      if (proxy.blocked) {
        inbound.close();
        return;
      }
      inbound.pause();
      vertx.createNetClient().connect(targetPort, "127.0.0.1").onSuccess(outbound -> {
        proxy.sockets.add(inbound);
        proxy.sockets.add(outbound);
        inbound.handler(outbound::write);
        outbound.handler(inbound::write);
        inbound.closeHandler(v -> outbound.close());
        outbound.closeHandler(v -> inbound.close());
        inbound.resume();
      }).onFailure(e -> inbound.close());
    });
    Futures.await(server.listen(0, "127.0.0.1"));
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Cuts every connection and refuses new ones from now on, as a host that died. */
  public void block() {
    blocked = true;
    cut();
  }

  /** Forwards new connections again, as a network that healed. */
  public void unblock() {
    blocked = false;
  }

  /** Closes every connection through the proxy; new ones are still forwarded. */
  public void cut() {
    sockets.forEach(NetSocket::close);
    sockets.clear();
  }
}
