package dev.duplex.engine.protocol;

/**
 * The agreed parameters of permessage-deflate (RFC 7692 section 7.1) for one connection.
 *
 * @param serverNoContextTakeover the server compresses each message on its own
 * @param clientNoContextTakeover the client compresses each message on its own
 * @param serverMaxWindowBits the server's LZ77 window, 8 to 15
 * @param clientMaxWindowBits the client's LZ77 window, 8 to 15
 */
public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover,
    int serverMaxWindowBits, int clientMaxWindowBits) {

  /** The extension's name in {@code Sec-WebSocket-Extensions}. */
  public static final String NAME = "permessage-deflate";

  public DeflateParameters {
    if (serverMaxWindowBits < 8 || serverMaxWindowBits > 15 || clientMaxWindowBits < 8 || clientMaxWindowBits > 15) {
      throw new IllegalArgumentException("window bits must be between 8 and 15");
    }
  }

  /** Whether the endpoint of {@code role} compresses each message with a fresh context. */
  boolean resetsOutbound(Role role) {
    return role == Role.SERVER ? serverNoContextTakeover : clientNoContextTakeover;
  }

  /** Whether the peer of the endpoint of {@code role} compresses each message with a fresh context. */
  boolean peerResets(Role role) {
    return role == Role.SERVER ? clientNoContextTakeover : serverNoContextTakeover;
  }

}
