package dev.duplex.engine.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.duplex.engine.handshake.ExtensionOffer;
import dev.duplex.engine.handshake.HandshakeLimits;
import dev.duplex.engine.handshake.HandshakeParser;
import dev.duplex.engine.handshake.HandshakeRequest;
import dev.duplex.engine.handshake.HandshakeResponse;
import dev.duplex.engine.handshake.ServerHandshake;
import dev.duplex.engine.protocol.DeflateConfig;
import dev.duplex.engine.protocol.DeflateNegotiation;
import dev.duplex.engine.protocol.DeflateParameters;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Arbitrary bytes, in pieces the fuzzer cuts (see {@link Pieces}), into a {@link HandshakeParser} until it gives a
 * terminal result, after which it is not called again (it would throw, as documented). Whatever the bytes:
 * <ul>
 *   <li>nothing is thrown; until the head is complete every piece is consumed whole;</li>
 *   <li>a parsed head ends where an independent reading of the lines says it does, within the head limit, and the
 *       bytes left are exactly those after it; the same bytes delivered whole give the same result;</li>
 *   <li>no result at all means that every byte was consumed and that they fit the head limit;</li>
 *   <li>a rejection carries 400, 414, 431 or 505, as documented;</li>
 *   <li>{@link ServerHandshake#validate} never throws on a parsed request, refuses with a 4xx or 5xx status, and
 *       what it accepts can be answered with a 101 whose extension offers read back the same;</li>
 *   <li>permessage-deflate negotiation never throws, and a client reading the server's answer agrees on who
 *       resets the compression context.</li>
 * </ul>
 * Limits are small so that the fuzzer reaches them: 1 KiB heads, 16 header fields.
 */
class HandshakeParserFuzzTest {

  static final HandshakeLimits LIMITS = HandshakeLimits.builder().maxHeadBytes(1024).maxHeaders(16).build();

  private static final Set<Integer> REJECTIONS = Set.of(400, 414, 431, 505);

  /** A server that asks for server_no_context_takeover (the default) and one that does not. */
  private static final List<DeflateConfig> DEFLATE_CONFIGS =
      List.of(DeflateConfig.defaults(), DeflateConfig.builder().serverNoContextTakeover(false).build());

  @FuzzTest(maxDuration = "2m")
  void parseArbitraryBytes(FuzzedDataProvider data) {
    List<byte[]> pieces = Pieces.consume(data);
    byte[] input = Pieces.join(pieces);
    Reading cut = read(input, pieces);
    Reading whole = read(input, List.of(input));
    if (!cut.equals(whole)) {
      throw new AssertionError("delivery in " + pieces.size() + " pieces differs from whole delivery of "
          + Pieces.hex(input) + "\n  pieces: " + cut + "\n  whole:  " + whole);
    }
    int headEnd = headEnd(input);
    if (cut.result() instanceof HandshakeParser.Result.Parsed parsed) {
      if (cut.consumed() != headEnd || headEnd > LIMITS.maxHeadBytes()) {
        throw new AssertionError("parsed a head of " + cut.consumed() + " bytes, expected " + headEnd
            + " within " + LIMITS.maxHeadBytes() + ": " + Pieces.hex(input));
      }
      validate(parsed.request());
    } else if (cut.result() instanceof HandshakeParser.Result.Rejected rejected) {
      if (!REJECTIONS.contains(rejected.response().status())) {
        throw new AssertionError("rejected with " + rejected.response() + ": " + Pieces.hex(input));
      }
      rejected.response().toBytes();
    } else if (cut.consumed() != input.length || input.length > LIMITS.maxHeadBytes()) {
      throw new AssertionError("no result after " + cut.consumed() + " of " + input.length + " bytes: "
          + Pieces.hex(input));
    }
  }

  /**
   * What a parser made of the pieces.
   *
   * @param consumed how many bytes the parser took before its result, all of them when there is none
   * @param request the parsed request as text, for comparing deliveries
   * @param status the status of a rejection
   */
  private record Reading(HandshakeParser.Result result, int consumed, String request, int status) {

    @Override
    public boolean equals(Object other) {
      return other instanceof Reading that && consumed == that.consumed && request.equals(that.request)
          && status == that.status && result.getClass() == that.result.getClass();
    }

    @Override
    public int hashCode() {
      return consumed;
    }
  }

  private static Reading read(byte[] input, List<byte[]> pieces) {
    HandshakeParser parser = new HandshakeParser(LIMITS);
    int consumed = 0;
    for (int i = 0; i < pieces.size(); i++) {
      byte[] piece = pieces.get(i);
      ByteBuffer in = pieces.size() == 1 ? ByteBuffer.wrap(piece) : Pieces.wrap(piece, i);
      int start = in.position();
      HandshakeParser.Result result = parser.parse(in);
      consumed += in.position() - start;
      if (result instanceof HandshakeParser.Result.Parsed parsed) {
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        byte[] after = Pieces.join(List.of(rest, Pieces.join(pieces.subList(i + 1, pieces.size()))));
        if (!ByteBuffer.wrap(after).equals(ByteBuffer.wrap(input, consumed, input.length - consumed))) {
          throw new AssertionError("bytes left after the head are not the bytes after it: " + Pieces.hex(input));
        }
        return new Reading(result, consumed, parsed.request().toString(), 0);
      }
      if (result instanceof HandshakeParser.Result.Rejected rejected) {
        return new Reading(result, consumed, "", rejected.response().status());
      }
      if (in.hasRemaining()) {
        throw new AssertionError("NEED_MORE_DATA with " + in.remaining() + " bytes unread: " + Pieces.hex(input));
      }
    }
    return new Reading(HandshakeParser.Result.NEED_MORE_DATA, consumed, "", 0);
  }

  /**
   * Where the head ends by a reading of the lines that shares no code with the parser: lines end with LF, a CR
   * before it is dropped, empty lines before the request line are skipped, and the first empty line after it ends
   * the head. -1 when the input holds no complete head.
   */
  static int headEnd(byte[] input) {
    boolean requestLineSeen = false;
    int lineStart = 0;
    for (int i = 0; i < input.length; i++) {
      if (input[i] != '\n') {
        continue;
      }
      int length = i - lineStart;
      boolean empty = length == 0 || (length == 1 && input[lineStart] == '\r');
      lineStart = i + 1;
      if (!empty) {
        requestLineSeen = true;
      } else if (requestLineSeen) {
        return i + 1;
      }
    }
    return -1;
  }

  private static void validate(HandshakeRequest request) {
    request.path();
    request.queryParameters();
    ServerHandshake.Outcome outcome = ServerHandshake.validate(request);
    if (outcome instanceof ServerHandshake.Outcome.Invalid invalid) {
      int status = invalid.response().status();
      if (status < 400 || status > 599) {
        throw new AssertionError("refused with " + invalid.response() + ": " + request);
      }
      invalid.response().toBytes();
      return;
    }
    ServerHandshake.Outcome.Valid valid = (ServerHandshake.Outcome.Valid) outcome;
    for (ExtensionOffer offer : valid.offeredExtensions()) {
      List<ExtensionOffer> again = ExtensionOffer.parse(List.of(offer.toHeaderValue()));
      if (!again.equals(List.of(offer))) {
        throw new AssertionError("offer " + offer + " written as '" + offer.toHeaderValue() + "' reads back as "
            + again + ": " + request);
      }
    }
    String extensions = valid.offeredExtensions().isEmpty() ? null
        : valid.offeredExtensions().stream().map(ExtensionOffer::toHeaderValue).collect(Collectors.joining(", "));
    String subprotocol = ServerHandshake.selectSubprotocol(valid.offeredSubprotocols(), valid.offeredSubprotocols())
        .orElse(null);
    HandshakeResponse.switchingProtocols(ServerHandshake.acceptKey(valid.key()), subprotocol, extensions).toBytes();
    for (DeflateConfig config : DEFLATE_CONFIGS) {
      negotiateDeflate(valid.offeredExtensions(), config, request);
    }
  }

  private static void negotiateDeflate(List<ExtensionOffer> offers, DeflateConfig config,
      HandshakeRequest request) {
    Optional<DeflateNegotiation.Agreement> agreement = DeflateNegotiation.negotiate(offers, config);
    if (agreement.isEmpty()) {
      return;
    }
    DeflateParameters server = agreement.get().parameters();
    List<ExtensionOffer> answer = ExtensionOffer.parse(List.of(agreement.get().responseHeader()));
    Optional<DeflateParameters> client =
        answer.size() == 1 ? DeflateNegotiation.acceptResponse(answer.get(0)) : Optional.empty();
    if (client.isEmpty() || client.get().serverNoContextTakeover() != server.serverNoContextTakeover()
        || client.get().clientNoContextTakeover() != server.clientNoContextTakeover()) {
      throw new AssertionError("server agreed to " + server + " answering '" + agreement.get().responseHeader()
          + "', which a client reads as " + client + ": " + request);
    }
  }
}
