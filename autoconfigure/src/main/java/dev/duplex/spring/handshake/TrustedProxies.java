package dev.duplex.spring.handshake;

import java.net.InetAddress;
import java.util.List;

/**
 * The addresses whose {@code Forwarded} and {@code X-Forwarded-For} headers are believed: single addresses or
 * CIDR blocks, IPv4 or IPv6, such as {@code 10.0.0.0/8}, {@code 127.0.0.1} or {@code fd00::/8}.
 */
public final class TrustedProxies {

  /** Trusts no one: the client is always the peer of the TCP connection. */
  public static final TrustedProxies NONE = new TrustedProxies(List.of());

  private final List<Block> blocks;

  private TrustedProxies(List<Block> blocks) {
    this.blocks = List.copyOf(blocks);
  }

  /**
   * Parses address literals and CIDR blocks; host names are refused, so that no lookup ever happens.
   *
   * @throws IllegalArgumentException naming the first entry that is no address literal or block
   */
  public static TrustedProxies of(List<String> entries) {
    return new TrustedProxies(entries.stream().map(Block::parse).toList());
  }

  public boolean contains(InetAddress address) {
    for (Block block : blocks) {
      if (block.contains(address)) {
        return true;
      }
    }
    return false;
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  @Override
  public String toString() {
    return blocks.toString();
  }

  /** One CIDR block. */
  private record Block(byte[] network, int prefix, String text) {

    static Block parse(String entry) {
      String trimmed = entry.strip();
      int slash = trimmed.indexOf('/');
      InetAddress address = IpLiterals.parse(slash < 0 ? trimmed : trimmed.substring(0, slash));
      if (address == null) {
        throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR block");
      }
      int bits = address.getAddress().length * 8;
      int prefix = bits;
      if (slash >= 0) {
        try {
          prefix = Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
          prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
          throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + bits);
        }
      }
      return new Block(address.getAddress(), prefix, trimmed);
    }

    boolean contains(InetAddress address) {
      byte[] candidate = address.getAddress();
      if (candidate.length != network.length) {
        return false;
      }
      int whole = prefix / 8;
      for (int i = 0; i < whole; i++) {
        if (candidate[i] != network[i]) {
          return false;
        }
      }
      int rest = prefix % 8;
      if (rest == 0) {
        return true;
      }
      int mask = 0xFF << (8 - rest) & 0xFF;
      return (candidate[whole] & mask) == (network[whole] & mask);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
