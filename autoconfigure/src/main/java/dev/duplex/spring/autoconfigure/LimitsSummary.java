package dev.duplex.spring.autoconfigure;

import dev.duplex.engine.WsConfig;
import java.time.Duration;
import java.util.List;
import org.springframework.util.unit.DataSize;

/** The limits in force, in one compact line for the start-up log. */
final class LimitsSummary {

  private LimitsSummary() {
  }

  static String describe(DuplexProperties properties, WsConfig config, List<String> endpoints,
      boolean virtualThreads) {
    DuplexProperties.Dispatch dispatch = properties.getDispatch();
    String executor = switch (dispatch.getMode()) {
      case LOOP -> "on the I/O loop";
      case EXECUTOR -> virtualThreads ? "on virtual threads" : "on a thread pool";
    };
    return "endpoints " + endpoints
        + "; message " + size(config.protocolLimits().maxMessageSize())
        + ", frame " + size(config.protocolLimits().maxFrameSize())
        + ", handshake " + size(config.handshakeLimits().maxHeadBytes()) + "/"
        + config.handshakeLimits().maxHeaders() + " headers in " + time(config.handshakeTimeout())
        + ", outbound " + size(config.outboundBufferLimit()) + " then " + config.slowConsumerPolicy()
        + ", idle " + time(config.idleTimeout())
        + ", ping " + time(config.pingInterval()) + "/pong " + time(config.pongTimeout())
        + ", close " + time(config.closeTimeout())
        + "; handlers " + executor + ", " + dispatch.getMaxPending() + " pending per session";
  }

  static String size(long bytes) {
    DataSize size = DataSize.ofBytes(bytes);
    if (bytes % (1 << 20) == 0) {
      return size.toMegabytes() + "MB";
    }
    if (bytes % (1 << 10) == 0) {
      return size.toKilobytes() + "KB";
    }
    return bytes + "B";
  }

  private static String time(Duration duration) {
    return duration.isZero() ? "off" : duration.toString().substring(2).toLowerCase();
  }
}
