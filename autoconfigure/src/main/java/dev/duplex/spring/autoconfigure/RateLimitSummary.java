package dev.duplex.spring.autoconfigure;

import dev.duplex.spring.ratelimit.MessageRate;

/** The rate and connection limits in force, in one compact line for the start-up log. */
final class RateLimitSummary {

  private RateLimitSummary() {
  }

  static String describe(DuplexRateLimitProperties properties) {
    DuplexRateLimitProperties.Connections connections = properties.getConnections();
    DuplexRateLimitProperties.Bandwidth bandwidth = properties.getBandwidth();
    String inbound = bandwidth.isEnabled()
        ? LimitsSummary.size(bandwidth.getBytesPerSecond().toBytes()) + "/s"
        : "unlimited";
    StringBuilder line = new StringBuilder("messages per session ").append(rate(properties.sessionRate()))
        .append(", per user ").append(rate(properties.getPerUser().toRate()))
        .append(", per IP ").append(rate(properties.getPerIp().toRate()));
    int overrides = properties.getTypes().size() + properties.getPerUser().getTypes().size()
        + properties.getPerIp().getTypes().size();
    if (overrides > 0) {
      line.append(", ").append(overrides).append(" type overrides");
    }
    if (!properties.getEndpoints().isEmpty()) {
      line.append(", overrides for ").append(properties.getEndpoints().keySet());
    }
    line.append(", then ").append(properties.getAction().name().toLowerCase());
    if (properties.getCloseAfterRejections() > 0) {
      line.append(" (close after ").append(properties.getCloseAfterRejections()).append(")");
    }
    return line.append("; connections total ").append(cap(connections.getMaxTotal()))
        .append(", per IP ").append(cap(connections.getMaxPerIp()))
        .append(", per user ").append(cap(connections.getMaxPerUser()))
        .append("; handshakes per IP ").append(rate(properties.getHandshakes().toRate()))
        .append("; inbound bytes per session ").append(inbound)
        .toString();
  }

  private static String rate(MessageRate rate) {
    return rate == null || rate.isUnlimited() ? "unlimited" : rate.toString();
  }

  private static String cap(int max) {
    return max == 0 ? "unlimited" : Integer.toString(max);
  }
}
