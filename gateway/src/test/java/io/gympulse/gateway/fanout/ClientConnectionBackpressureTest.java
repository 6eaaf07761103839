package io.gympulse.gateway.fanout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection whose channel is over its high-water mark stops writing, and learns from the channel itself when the
 * backlog has gone out; the shard's periodic retry is only a backstop. Real TCP sockets on loopback, and a peer that
 * stops reading, so the backlog is the kernel's and Netty's, as in production.
 */
class ClientConnectionBackpressureTest {

  private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
  private final Frames frames = new Frames();

  @AfterEach
  void stop() throws Exception {
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
  }

  /** Verifies that a blocked connection is told once its peer reads again, and then writes at once. */
  @Test
  void aBlockedConnectionIsToldWhenItsBacklogHasGoneOut() throws Exception {
    CompletableFuture<Channel> accepted = new CompletableFuture<>();
    Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(8 * 1024, 16 * 1024))
        .childOption(ChannelOption.SO_SNDBUF, 8 * 1024)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel channel) {
            accepted.complete(channel);
          }
        })
        .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    AtomicLong bytesRead = new AtomicLong();
    Channel peer = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.AUTO_READ, false) // a client that has stopped reading
        .option(ChannelOption.SO_RCVBUF, 8 * 1024)
        .handler(new SimpleChannelInboundHandler<ByteBuf>() {
          @Override
          protected void channelRead0(ChannelHandlerContext context, ByteBuf bytes) {
            bytesRead.addAndGet(bytes.readableBytes());
          }
        })
        .connect(server.localAddress()).sync().channel();
    Channel channel = accepted.get(5, TimeUnit.SECONDS);
    ClientConnection connection = new ClientConnection("c1", Optional.empty(), null, channel, 0);
    CompletableFuture<ClientConnection> drained = new CompletableFuture<>();
    byte[] update = new byte[4 * 1024];
    Arrays.fill(update, (byte) 'x');

    int written = onLoop(channel, () -> {
      int frames = 0;
      // the kernel's buffers on both sides take some hundreds of KB first; then Netty's queue passes the mark
      for (int i = 0; i < 100_000; i++) {
        connection.enqueueUpdate("m:" + i, update);
        if (connection.flush(i + 1, this.frames, drained::complete) == 0) {
          return frames;
        }
        frames++;
      }
      return -1;
    });
    assertTrue(written > 0, "wrote " + written + " frames before the channel passed its mark");
    assertTrue(onLoop(channel, connection::isBlocked));
    assertEquals(1, onLoop(channel, connection::pending), "the update that found it blocked still waits");
    Thread.sleep(200);
    assertFalse(drained.isDone(), "a peer that reads nothing drains nothing");

    peer.config().setAutoRead(true);
    peer.read();

    assertSame(connection, drained.get(10, TimeUnit.SECONDS), "told by the channel, not by a periodic retry");
    assertTrue(onLoop(channel, channel::isWritable));
    assertEquals(1, onLoop(channel, () -> connection.flush(Long.MAX_VALUE, frames, drained::complete)),
        "the waiting update goes out on the next flush");
    assertFalse(onLoop(channel, connection::isBlocked));
    long expected = (long) (written + 1) * (update.length + 4); // a 4 KB text frame has a 4-byte header
    for (int i = 0; i < 100 && bytesRead.get() < expected; i++) {
      Thread.sleep(50);
    }
    assertEquals(expected, bytesRead.get(), "every frame arrived, none twice");
    peer.close().sync();
    server.close().sync();
  }

  /** Runs {@code action} on the channel's event loop, where a connection lives, and waits for its result. */
  private static <T> T onLoop(Channel channel, java.util.concurrent.Callable<T> action) throws Exception {
    return channel.eventLoop().submit(action).get(10, TimeUnit.SECONDS);
  }
}
