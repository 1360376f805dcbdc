package dev.duplex.engine.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.codec.http.websocketx.extensions.compression.WebSocketClientCompressionHandler;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Netty's WebSocket client with {@link WebSocketClientCompressionHandler}: an independent implementation of
 * permessage-deflate (RFC 7692), to check the engine's against. Records whole messages (fragments aggregated), the
 * handshake's {@code Sec-WebSocket-Extensions} answer and the close code; answers pings.
 *
 * <p>Test scope only: Netty never runs inside the engine.
 */
final class NettyClient implements AutoCloseable {

  final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
  final BlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
  final CompletableFuture<Integer> closed = new CompletableFuture<>();
  private final CompletableFuture<String> extensions = new CompletableFuture<>();
  private final EventLoopGroup group;
  private Channel channel;

  private NettyClient() {
    this.group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
  }

  /** Connects and completes the opening handshake, offering Netty's compression extensions. */
  static NettyClient connect(Cleanup cleanup, URI uri, int maxMessageSize) {
    NettyClient client = cleanup.add(new NettyClient());
    WebSocketClientHandshaker handshaker = WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13,
        null, true, new DefaultHttpHeaders(), maxMessageSize);
    Handler handler = client.new Handler(handshaker);
    Bootstrap bootstrap = new Bootstrap().group(client.group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(64 * 1024),
                new WebSocketClientCompressionHandler(maxMessageSize), new WebSocketFrameAggregator(maxMessageSize),
                handler);
          }
        });
    client.channel = bootstrap.connect(uri.getHost(), uri.getPort()).syncUninterruptibly().channel();
    Loopback.await(handler.handshake, "Netty handshake");
    return client;
  }

  /** The {@code Sec-WebSocket-Extensions} value of the server's 101 response, or {@code null}. */
  String extensionsResponse() {
    return Loopback.await(extensions, "Netty handshake response");
  }

  void sendText(String text) {
    write(new TextWebSocketFrame(text));
  }

  void sendBinary(byte[] data) {
    write(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data)));
  }

  /** Sends a text message in fragments, one frame each. */
  void sendTextFragments(String... parts) {
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      write(i == 0
          ? new TextWebSocketFrame(last, 0, parts[i])
          : new ContinuationWebSocketFrame(last, 0, parts[i]));
    }
  }

  /** Sends a binary message in fragments, one frame each; Netty cannot compress an empty fragment. */
  void sendBinaryFragments(byte[]... parts) {
    for (int i = 0; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      write(i == 0
          ? new BinaryWebSocketFrame(last, 0, Unpooled.wrappedBuffer(parts[i]))
          : new ContinuationWebSocketFrame(last, 0, Unpooled.wrappedBuffer(parts[i])));
    }
  }

  void sendClose(int code, String reason) {
    write(new CloseWebSocketFrame(code, reason));
  }

  private void write(WebSocketFrame frame) {
    ChannelFuture written = channel.writeAndFlush(frame);
    if (!written.awaitUninterruptibly(Loopback.TIMEOUT.toMillis())) {
      throw new AssertionError("Netty write did not complete within " + Loopback.TIMEOUT);
    }
    if (!written.isSuccess()) {
      throw new AssertionError("Netty write failed", written.cause());
    }
  }

  String nextText() {
    return Loopback.next(texts, "text message at the Netty client");
  }

  byte[] nextBinary() {
    return Loopback.next(binaries, "binary message at the Netty client");
  }

  @Override
  public void close() {
    if (channel != null) {
      channel.close().awaitUninterruptibly(Loopback.TIMEOUT.toMillis());
    }
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(Loopback.TIMEOUT.toMillis());
  }

  private final class Handler extends SimpleChannelInboundHandler<Object> {

    private final WebSocketClientHandshaker handshaker;
    final CompletableFuture<Void> handshake = new CompletableFuture<>();

    Handler(WebSocketClientHandshaker handshaker) {
      this.handshaker = handshaker;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      handshaker.handshake(ctx.channel());
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      handshake.completeExceptionally(new IllegalStateException("connection closed"));
      closed.complete(1006);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
      if (!handshaker.isHandshakeComplete()) {
        FullHttpResponse response = (FullHttpResponse) msg;
        extensions.complete(response.headers().get("Sec-WebSocket-Extensions"));
        try {
          handshaker.finishHandshake(ctx.channel(), response);
          handshake.complete(null);
        } catch (RuntimeException e) {
          handshake.completeExceptionally(e);
        }
        return;
      }
      if (msg instanceof TextWebSocketFrame text) {
        texts.add(text.content().toString(StandardCharsets.UTF_8));
      } else if (msg instanceof BinaryWebSocketFrame binary) {
        binaries.add(ByteBufUtil.getBytes(binary.content()));
      } else if (msg instanceof PingWebSocketFrame ping) {
        ctx.writeAndFlush(new PongWebSocketFrame(ping.content().retain()));
      } else if (msg instanceof CloseWebSocketFrame close) {
        closed.complete(close.statusCode());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      handshake.completeExceptionally(cause);
      ctx.close();
    }
  }
}
