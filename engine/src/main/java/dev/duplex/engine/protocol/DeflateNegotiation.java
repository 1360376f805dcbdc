package dev.duplex.engine.protocol;

import dev.duplex.engine.handshake.ExtensionOffer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Negotiation of permessage-deflate (RFC 7692 section 7.1), as pure functions of the offers and responses.
 *
 * <p>A server never fails a handshake over an offer it cannot take: it declines that offer and tries the next.
 * It declines offers with unknown, duplicated or malformed parameters, and offers whose
 * {@code server_max_window_bits} is below 15, because the JDK's {@link java.util.zip.Deflater} always compresses
 * with a 32 KiB window. The window of the client does not matter: the JDK's inflater reads any window up to 15
 * bits.
 */
public final class DeflateNegotiation {

  private static final String SERVER_NO_CONTEXT_TAKEOVER = "server_no_context_takeover";
  private static final String CLIENT_NO_CONTEXT_TAKEOVER = "client_no_context_takeover";
  private static final String SERVER_MAX_WINDOW_BITS = "server_max_window_bits";
  private static final String CLIENT_MAX_WINDOW_BITS = "client_max_window_bits";

  private DeflateNegotiation() {
  }

  /**
   * What a server agreed to, and the {@code Sec-WebSocket-Extensions} value that says so.
   *
   * @param responseHeader the value of the response's {@code Sec-WebSocket-Extensions}
   */
  public record Agreement(DeflateParameters parameters, String responseHeader) {
  }

  /** The first acceptable permessage-deflate offer, in the client's order, or empty. */
  public static Optional<Agreement> negotiate(List<ExtensionOffer> offers, DeflateConfig config) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    for (ExtensionOffer offer : offers) {
      if (offer.name().equalsIgnoreCase(DeflateParameters.NAME)) {
        Optional<Agreement> agreement = accept(offer, config);
        if (agreement.isPresent()) {
          return agreement;
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<Agreement> accept(ExtensionOffer offer, DeflateConfig config) {
    boolean serverNoContextTakeover = config.serverNoContextTakeover();
    boolean clientNoContextTakeover = false;
    int serverWindow = -1;
    int clientWindow = 15;
    Set<String> seen = new HashSet<>();
    for (ExtensionOffer.Param param : offer.params()) {
      String name = param.name().toLowerCase(Locale.ROOT);
      if (!seen.add(name)) {
        return Optional.empty();
      }
      switch (name) {
        case SERVER_NO_CONTEXT_TAKEOVER -> {
          if (param.value() != null) {
            return Optional.empty();
          }
          serverNoContextTakeover = true;
        }
        case CLIENT_NO_CONTEXT_TAKEOVER -> {
          if (param.value() != null) {
            return Optional.empty();
          }
          clientNoContextTakeover = true;
        }
        case SERVER_MAX_WINDOW_BITS -> {
          serverWindow = windowBits(param.value());
          if (serverWindow != 15) {
            return Optional.empty();
          }
        }
        case CLIENT_MAX_WINDOW_BITS -> {
          if (param.value() != null) {
            clientWindow = windowBits(param.value());
            if (clientWindow < 0) {
              return Optional.empty();
            }
          }
        }
        default -> {
          return Optional.empty();
        }
      }
    }
    StringBuilder response = new StringBuilder(DeflateParameters.NAME);
    if (serverNoContextTakeover) {
      response.append("; ").append(SERVER_NO_CONTEXT_TAKEOVER);
    }
    if (clientNoContextTakeover) {
      response.append("; ").append(CLIENT_NO_CONTEXT_TAKEOVER);
    }
    if (serverWindow == 15) {
      response.append("; ").append(SERVER_MAX_WINDOW_BITS).append("=15");
    }
    return Optional.of(new Agreement(
        new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, 15, clientWindow),
        response.toString()));
  }

  /** A window size of 8 to 15 written as a plain number, else -1. */
  private static int windowBits(String value) {
    if (value == null || !value.matches("[1-9][0-9]?")) {
      return -1;
    }
    int bits = Integer.parseInt(value);
    return bits >= 8 && bits <= 15 ? bits : -1;
  }

  /** What a client offers: the extension with no parameters, so that the server cannot limit its window. */
  public static String clientOffer() {
    return DeflateParameters.NAME;
  }

  /**
   * Reads the server's acceptance of {@link #clientOffer()}.
   *
   * @return the parameters in force, or empty when the response breaks RFC 7692: parameters not allowed in a
   *     response to that offer ({@code client_max_window_bits}), unknown, duplicated or malformed ones. The
   *     client must then fail the connection.
   */
  public static Optional<DeflateParameters> acceptResponse(ExtensionOffer response) {
    boolean serverNoContextTakeover = false;
    boolean clientNoContextTakeover = false;
    int serverWindow = 15;
    Set<String> seen = new HashSet<>();
    for (ExtensionOffer.Param param : response.params()) {
      String name = param.name().toLowerCase(Locale.ROOT);
      if (!seen.add(name)) {
        return Optional.empty();
      }
      switch (name) {
        case SERVER_NO_CONTEXT_TAKEOVER -> serverNoContextTakeover = param.value() == null;
        case CLIENT_NO_CONTEXT_TAKEOVER -> clientNoContextTakeover = param.value() == null;
        case SERVER_MAX_WINDOW_BITS -> serverWindow = windowBits(param.value());
        default -> {
          return Optional.empty();
        }
      }
      if (param.value() != null && !name.equals(SERVER_MAX_WINDOW_BITS) || serverWindow < 0) {
        return Optional.empty();
      }
    }
    return Optional.of(new DeflateParameters(serverNoContextTakeover, clientNoContextTakeover, serverWindow, 15));
  }
}
