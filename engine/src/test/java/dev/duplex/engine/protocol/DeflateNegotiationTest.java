package dev.duplex.engine.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.handshake.ExtensionOffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Negotiation of permessage-deflate (RFC 7692 section 7.1). */
class DeflateNegotiationTest {

  private static final DeflateConfig CONTEXT_TAKEOVER_ALLOWED =
      DeflateConfig.builder().serverNoContextTakeover(false).build();

  private static Optional<DeflateNegotiation.Agreement> negotiate(String header, DeflateConfig config) {
    return DeflateNegotiation.negotiate(ExtensionOffer.parse(List.of(header)), config);
  }

  @ParameterizedTest(name = "offer \"{0}\" is answered \"{1}\"")
  @CsvSource(delimiter = '|', value = {
      "permessage-deflate | permessage-deflate",
      "permessage-deflate; client_max_window_bits | permessage-deflate",
      "permessage-deflate; client_max_window_bits=10 | permessage-deflate",
      "permessage-deflate; server_no_context_takeover | permessage-deflate; server_no_context_takeover",
      "permessage-deflate; client_no_context_takeover | permessage-deflate; client_no_context_takeover",
      "permessage-deflate; server_max_window_bits=15 | permessage-deflate; server_max_window_bits=15",
      "permessage-deflate; server_max_window_bits=\"15\" | permessage-deflate; server_max_window_bits=15",
      "PerMessage-Deflate; Client_No_Context_Takeover | permessage-deflate; client_no_context_takeover",
      "x-webkit-deflate-frame, permessage-deflate | permessage-deflate",
      "permessage-deflate; server_max_window_bits=10, permessage-deflate | permessage-deflate",
      "permessage-deflate; foo=1, permessage-deflate; client_no_context_takeover"
          + " | permessage-deflate; client_no_context_takeover",
  })
  void theFirstAcceptableOfferWins(String offer, String response) {
    assertThat(negotiate(offer, CONTEXT_TAKEOVER_ALLOWED)).map(DeflateNegotiation.Agreement::responseHeader)
        .contains(response);
  }

  @ParameterizedTest(name = "offer \"{0}\" is declined")
  @CsvSource(delimiter = '|', value = {
      "permessage-deflate; server_max_window_bits=10",
      "permessage-deflate; server_max_window_bits=8",
      "permessage-deflate; server_max_window_bits",
      "permessage-deflate; server_max_window_bits=16",
      "permessage-deflate; server_max_window_bits=015",
      "permessage-deflate; client_max_window_bits=7",
      "permessage-deflate; client_max_window_bits=16",
      "permessage-deflate; client_max_window_bits=abc",
      "permessage-deflate; server_no_context_takeover=1",
      "permessage-deflate; client_no_context_takeover=true",
      "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
      "permessage-deflate; client_max_window_bits; client_max_window_bits=10",
      "permessage-deflate; unknown_parameter",
      "x-webkit-deflate-frame",
      "deflate-frame",
  })
  void invalidOrUnsupportedOffersAreDeclinedWithoutFailingTheHandshake(String offer) {
    assertThat(negotiate(offer, DeflateConfig.defaults())).isEmpty();
  }

  @Test
  void aServerThatResetsItsContextSaysSoEvenWhenTheClientDidNotAsk() {
    DeflateNegotiation.Agreement agreement = negotiate("permessage-deflate", DeflateConfig.defaults()).orElseThrow();

    assertThat(agreement.responseHeader()).isEqualTo("permessage-deflate; server_no_context_takeover");
    assertThat(agreement.parameters().serverNoContextTakeover()).isTrue();
    assertThat(agreement.parameters().clientNoContextTakeover()).isFalse();
  }

  @Test
  void theClientWindowItOffersIsRecorded() {
    assertThat(negotiate("permessage-deflate; client_max_window_bits=9", DeflateConfig.defaults()).orElseThrow()
        .parameters().clientMaxWindowBits()).isEqualTo(9);
  }

  @Test
  void aDisabledExtensionAcceptsNothing() {
    assertThat(negotiate("permessage-deflate", DeflateConfig.disabled())).isEmpty();
  }

  @ParameterizedTest(name = "response \"{0}\" is accepted by the client")
  @CsvSource(delimiter = '|', value = {
      "permessage-deflate | false | false | 15",
      "permessage-deflate; server_no_context_takeover | true | false | 15",
      "permessage-deflate; client_no_context_takeover | false | true | 15",
      "permessage-deflate; server_max_window_bits=10 | false | false | 10",
  })
  void theClientReadsTheServersResponse(String response, boolean serverReset, boolean clientReset, int serverBits) {
    DeflateParameters parameters = DeflateNegotiation
        .acceptResponse(ExtensionOffer.parse(List.of(response)).get(0)).orElseThrow();

    assertThat(parameters).isEqualTo(new DeflateParameters(serverReset, clientReset, serverBits, 15));
  }

  @ParameterizedTest(name = "response \"{0}\" fails the client's connection")
  @CsvSource(delimiter = '|', value = {
      "permessage-deflate; client_max_window_bits=10",
      "permessage-deflate; server_max_window_bits=7",
      "permessage-deflate; server_max_window_bits",
      "permessage-deflate; server_no_context_takeover=1",
      "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
      "permessage-deflate; mystery",
  })
  void theClientRejectsResponsesItDidNotAskFor(String response) {
    assertThat(DeflateNegotiation.acceptResponse(ExtensionOffer.parse(List.of(response)).get(0))).isEmpty();
  }
}
