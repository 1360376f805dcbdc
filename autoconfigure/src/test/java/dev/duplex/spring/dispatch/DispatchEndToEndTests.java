package dev.duplex.spring.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsHandshakeException;
import dev.duplex.engine.WsSession;
import dev.duplex.engine.transport.ConnectOptions;
import dev.duplex.spring.annotation.HandshakeHeader;
import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.QueryParam;
import dev.duplex.spring.annotation.WsAttribute;
import dev.duplex.spring.annotation.WsClose;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsError;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.messaging.Envelope;
import dev.duplex.spring.messaging.WsErrorReply;
import dev.duplex.spring.messaging.WsException;
import dev.duplex.spring.resolve.WsArgumentResolver;
import dev.duplex.spring.resolve.WsInvocation;
import dev.duplex.spring.session.DuplexSession;
import dev.duplex.spring.support.Json;
import dev.duplex.spring.support.TestSession;
import dev.duplex.spring.support.WsTestClient;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.MethodParameter;
import tools.jackson.databind.JsonNode;

@SpringBootTest(properties = {"duplex.server.port=0", "duplex.server.address=127.0.0.1"})
class DispatchEndToEndTests {

  @Value("${local.duplex.port}")
  int port;

  @Autowired
  Everything everything;

  @AutoClose
  final WsTestClient client = new WsTestClient();

  // ---------------------------------------------------------------- routing and replies

  @Test
  void eachEnvelopeGoesToTheHandlerOfItsType() {
    TestSession session = connect("/rooms/1");
    session.send("echo", "1", Map.of("text", "hi"));
    session.send("unannotated", "2", Map.of("text", "hi"));

    JsonNode echo = session.nextEnvelope();
    JsonNode shouted = session.nextEnvelope();
    assertThat(echo.path("type").asString()).isEqualTo("echo");
    assertThat(echo.path("data").path("text").asString()).isEqualTo("hi");
    assertThat(shouted.path("type").asString()).isEqualTo("unannotated");
    assertThat(shouted.path("data").path("text").asString()).isEqualTo("HI");
  }

  @Test
  void aReplyCarriesTheTypeTheRequestIdAsReplyToAndTheReturnedData() {
    TestSession session = connect("/rooms/1");
    session.send("echo", "42", Map.of("text", "hi"));
    assertThat(session.nextText()).isEqualTo("{\"type\":\"echo\",\"replyTo\":\"42\",\"data\":{\"text\":\"hi\"}}");
  }

  @Test
  void aNumericRequestIdIsEchoedAsReplyTo() {
    TestSession session = connect("/rooms/1");
    session.send("{\"type\":\"echo\",\"id\":7,\"data\":{\"text\":\"hi\"}}");
    assertThat(session.nextEnvelope().path("replyTo").asString()).isEqualTo("7");
  }

  @Test
  void aRequestWithoutIdGetsAReplyWithoutReplyTo() {
    TestSession session = connect("/rooms/1");
    session.send("echo", null, Map.of("text", "hi"));
    assertThat(session.nextText()).isEqualTo("{\"type\":\"echo\",\"data\":{\"text\":\"hi\"}}");
  }

  @Test
  void aVoidHandlerSendsNothing() throws Exception {
    TestSession session = connect("/rooms/1");
    session.send("void", "v", Map.of("text", "quiet"));
    session.send("echo", "e", Map.of("text", "loud"));

    assertThat(session.nextEnvelope().path("replyTo").asString()).as("the first message after the void call")
        .isEqualTo("e");
    assertThat(everything.voidCalls.poll(5, TimeUnit.SECONDS)).isEqualTo("quiet");
  }

  @Test
  void aCompletionStageRepliesWhenItCompletes() throws Exception {
    TestSession session = connect("/rooms/1");
    session.send("later", "slow", Map.of("text", "eventually"));
    CompletableFuture<Greeting> pending = everything.pendingReplies.poll(5, TimeUnit.SECONDS);
    session.send("echo", "fast", Map.of("text", "now"));

    assertThat(session.nextEnvelope().path("replyTo").asString()).isEqualTo("fast");
    assertThat(session.pendingTexts()).as("nothing for the stage before it completes").isZero();
    pending.complete(new Greeting("done"));
    JsonNode reply = session.nextEnvelope();
    assertThat(reply.path("type").asString()).isEqualTo("later");
    assertThat(reply.path("replyTo").asString()).isEqualTo("slow");
    assertThat(reply.path("data").path("text").asString()).isEqualTo("done");
  }

  @Test
  void aFailedCompletionStageAnswersWithAnError() throws Exception {
    TestSession session = connect("/rooms/1");
    session.send("later", "doomed", Map.of("text", "never"));
    everything.pendingReplies.poll(5, TimeUnit.SECONDS).completeExceptionally(new IllegalArgumentException("gone"));

    JsonNode error = session.nextEnvelope();
    assertThat(error.path("type").asString()).isEqualTo("error");
    assertThat(error.path("replyTo").asString()).isEqualTo("doomed");
    assertThat(error.path("data").path("code").asString()).isEqualTo("illegal_argument");
    assertThat(error.path("data").path("message").asString()).isEqualTo("gone");
    assertStillServed(session);
  }

  @Test
  void aStageFailedWithAWsExceptionAnswersWithItsCode() throws Exception {
    TestSession session = connect("/rooms/1");
    session.send("later", "conflict", Map.of("text", "never"));
    everything.pendingReplies.poll(5, TimeUnit.SECONDS)
        .completeExceptionally(new WsException("conflict", "someone was faster"));

    assertError(session.nextEnvelope(), "conflict", "conflict");
    assertStillServed(session);
  }

  // ---------------------------------------------------------------- arguments

  @Test
  void bothSessionTypesReceiveTheSameSession() {
    TestSession session = connect("/rooms/5");
    session.send("session", "s", null);
    JsonNode data = session.nextEnvelope().path("data");
    assertThat(data.path("same").asBoolean()).isTrue();
    assertThat(data.path("endpoint").asString()).isEqualTo("/rooms/{roomId}");
    assertThat(data.path("pathVariables").path("roomId").asString()).isEqualTo("5");
  }

  @Test
  void aPathVariableIsConvertedToTheParameterType() {
    TestSession session = connect("/rooms/42");
    session.send("room", "r", null);
    assertThat(session.nextEnvelope().path("data").asInt()).isEqualTo(43);
  }

  @Test
  void aPercentEncodedPathVariableIsDecoded() {
    TestSession session = connect("/rooms/caf%C3%A9%20au%20lait");
    session.send("session", "s", null);
    assertThat(session.nextEnvelope().path("data").path("pathVariables").path("roomId").asString())
        .isEqualTo("café au lait");
  }

  @Test
  void aPathVariableThatDoesNotConvertIsABadRequest() {
    TestSession session = connect("/rooms/forty-two");
    session.send("room", "r", null);
    JsonNode error = session.nextEnvelope();
    assertError(error, "r", "bad_request");
    assertThat(error.path("data").path("message").asString()).isEqualTo("path variable 'roomId' is not a valid int");
    assertStillServed(session);
  }

  @Test
  void anAnnotatedPayloadIsReadIntoARecord() {
    TestSession session = connect("/rooms/1");
    session.send("echo", "p", Map.of("text", "record"));
    assertThat(session.nextEnvelope().path("data").path("text").asString()).isEqualTo("record");
  }

  @Test
  void anUnannotatedParameterOfATypedHandlerIsThePayload() {
    TestSession session = connect("/rooms/1");
    session.send("unannotated", "u", Map.of("text", "quiet"));
    assertThat(session.nextEnvelope().path("data").path("text").asString()).isEqualTo("QUIET");
  }

  @Test
  void handshakeHeadersAndQueryParametersAreBound() {
    TestSession session = client.connect(port, "/rooms/1?lang=fr",
        ConnectOptions.defaults().withHeader("X-Client", "tests/1.0"));
    session.send("handshake", "h", null);
    JsonNode data = session.nextEnvelope().path("data");
    assertThat(data.path("client").asString()).isEqualTo("tests/1.0");
    assertThat(data.path("lang").asString()).isEqualTo("fr");
    assertThat(data.has("missing")).isTrue();
    assertThat(data.path("missing").isNull()).as("an optional query parameter that is absent").isTrue();
  }

  @Test
  void aMissingRequiredQueryParameterIsABadRequest() {
    TestSession session = client.connect(port, "/rooms/1", ConnectOptions.defaults().withHeader("X-Client", "t"));
    session.send("handshake", "h", null);
    JsonNode error = session.nextEnvelope();
    assertError(error, "h", "bad_request");
    assertThat(error.path("data").path("message").asString()).isEqualTo("missing query parameter 'lang'");
    assertStillServed(session);
  }

  @Test
  void aSessionAttributeSetWhenTheSessionOpenedIsBound() {
    TestSession named = connect("/rooms/1?nick=ada");
    named.send("attribute", "a", null);
    assertThat(named.nextEnvelope().path("data").asString()).isEqualTo("ada");

    TestSession anonymous = connect("/rooms/1");
    anonymous.send("attribute", "a", null);
    assertThat(anonymous.nextEnvelope().path("data").asString()).isEqualTo("anonymous");
  }

  @Test
  void thePrincipalOfAnAnonymousSessionIsNull() {
    TestSession session = connect("/rooms/1");
    session.send("principal", "p", null);
    assertThat(session.nextEnvelope().path("data").path("anonymous").asBoolean()).isTrue();
  }

  @Test
  void theRequestEnvelopeIsBound() {
    TestSession session = connect("/rooms/1");
    session.send("envelope", "env-1", Map.of("n", 3));
    assertThat(session.nextEnvelope().path("data").asString()).isEqualTo("envelope#env-1#3");
  }

  @Test
  void aCustomResolverBeanSuppliesItsParameterType() {
    TestSession session = client.connect(port, "/rooms/1",
        ConnectOptions.defaults().withHeader("Accept-Language", "pt-BR"));
    session.send("locale", "l", null);
    assertThat(session.nextEnvelope().path("data").asString()).isEqualTo("pt-BR");
  }

  @Test
  void theCloseMethodReceivesTheCloseStatus() throws Exception {
    TestSession session = connect("/rooms/9");
    session.close(CloseStatus.of(4000, "bye"));
    session.awaitClose();
    String closed;
    do {
      closed = everything.closes.poll(5, TimeUnit.SECONDS);
    } while (closed != null && !closed.startsWith("9:"));
    assertThat(closed).as("@WsClose of the session on /rooms/9").isEqualTo("9:" + new CloseStatus(4000, "bye"));
  }

  // ---------------------------------------------------------------- raw messages

  @Test
  void rawTextIsAnsweredWithTheReturnedString() {
    TestSession session = connect("/raw/text");
    session.send("not an envelope");
    assertThat(session.nextText()).isEqualTo("NOT AN ENVELOPE");
  }

  @Test
  void rawBinaryIsAnsweredWithTheReturnedByteArray() {
    TestSession session = connect("/raw/text");
    session.sendBinary(new byte[] {1, 2, 3});
    assertThat(session.nextBinary()).containsExactly(3, 2, 1);
  }

  @Test
  void rawBinaryIsAnsweredWithTheReturnedByteBuffer() {
    TestSession session = connect("/raw/buffer");
    session.sendBinary(new byte[] {7, 8});
    assertThat(session.nextBinary()).containsExactly(7, 8, 7, 8);
  }

  @Test
  void textToAnEndpointWithoutATextHandlerClosesWith1003() {
    TestSession session = connect("/raw/buffer");
    session.send("hello");
    assertThat(session.awaitClose().code()).isEqualTo(CloseStatus.UNSUPPORTED_DATA);
  }

  @Test
  void binaryToAnEndpointWithoutABinaryHandlerClosesWith1003() {
    TestSession session = connect("/rooms/1");
    session.sendBinary(new byte[] {1});
    assertThat(session.awaitClose()).isEqualTo(
        CloseStatus.of(CloseStatus.UNSUPPORTED_DATA, "binary messages are not accepted"));
  }

  // ---------------------------------------------------------------- errors

  @Test
  void malformedJsonIsAnsweredWithBadJson() {
    TestSession session = connect("/rooms/1");
    session.send("{\"type\": \"echo\", ");
    JsonNode error = session.nextEnvelope();
    assertThat(error.path("type").asString()).isEqualTo("error");
    assertThat(error.has("replyTo")).isFalse();
    assertThat(error.path("data").path("code").asString()).isEqualTo("bad_json");
    assertStillServed(session);
  }

  @Test
  void jsonThatIsNotAnEnvelopeIsAnsweredWithBadJson() {
    TestSession session = connect("/rooms/1");
    session.send("[1, 2]");
    session.send("{\"id\": \"1\"}");
    session.send("{\"type\": \"echo\", \"id\": {}}");
    assertThat(session.nextEnvelope().path("data").path("message").asString()).isEqualTo("message is not a JSON object");
    assertThat(session.nextEnvelope().path("data").path("message").asString()).isEqualTo("message has no \"type\"");
    assertThat(session.nextEnvelope().path("data").path("message").asString())
        .isEqualTo("\"id\" must be a string or a number");
    assertStillServed(session);
  }

  @Test
  void anUnknownTypeIsAnsweredWithUnknownTypeAndReplyTo() {
    TestSession session = connect("/rooms/1");
    session.send("no.such.type", "u1", null);
    JsonNode error = session.nextEnvelope();
    assertError(error, "u1", "unknown_type");
    assertThat(error.path("data").path("message").asString()).contains("no.such.type");
    assertStillServed(session);
  }

  @Test
  void anInvalidPayloadIsAnsweredWithValidationFailedAndEachField() {
    TestSession session = connect("/rooms/1");
    session.send("validated", "bad", Map.of("text", ""));
    JsonNode error = session.nextEnvelope();
    assertError(error, "bad", "validation_failed");
    JsonNode details = error.path("data").path("details");
    assertThat(details.isArray()).isTrue();
    assertThat(details.size()).isEqualTo(1);
    assertThat(details.get(0).path("field").asString()).isEqualTo("text");
    assertThat(details.get(0).path("message").asString()).isNotBlank();
    assertStillServed(session);
  }

  @Test
  void aValidPayloadPassesValidation() {
    TestSession session = connect("/rooms/1");
    session.send("validated", "ok", Map.of("text", "fine"));
    assertThat(session.nextEnvelope().path("data").path("text").asString()).isEqualTo("fine");
  }

  @Test
  void dataOfTheWrongShapeIsABadRequest() {
    TestSession session = connect("/rooms/1");
    session.send("echo", "shape", List.of(1, 2, 3));
    JsonNode error = session.nextEnvelope();
    assertError(error, "shape", "bad_request");
    assertThat(error.path("data").path("message").asString()).startsWith("\"data\" does not match Greeting");
    assertStillServed(session);
  }

  @Test
  void missingDataForARequiredPayloadIsABadRequest() {
    TestSession session = connect("/rooms/1");
    session.send("echo", "empty", null);
    JsonNode error = session.nextEnvelope();
    assertError(error, "empty", "bad_request");
    assertThat(error.path("data").path("message").asString()).isEqualTo("message has no \"data\"");
    assertStillServed(session);
  }

  @Test
  void aWsExceptionIsAnsweredWithItsCodeAndMessage() {
    TestSession session = connect("/rooms/1");
    session.send("refuse", "r", null);
    JsonNode error = session.nextEnvelope();
    assertError(error, "r", "forbidden");
    assertThat(error.path("data").path("message").asString()).isEqualTo("not in this room");
    assertStillServed(session);
  }

  @Test
  void anUnmappedExceptionIsAnsweredWithInternalErrorAndNoDetail() {
    TestSession session = connect("/rooms/1");
    session.send("crash", "c", null);
    String text = session.nextText();
    assertError(Json.parse(text), "c", "internal_error");
    assertThat(text).doesNotContain("hunter2", "IOException", "Exception", "\tat ", "dev.duplex");
    assertStillServed(session);
  }

  @Test
  void theMostSpecificErrorMapperWins() {
    TestSession session = connect("/rooms/1");
    session.send("number", "n", Map.of("text", "twelve"));
    session.send("argument", "a", null);

    JsonNode numberError = session.nextEnvelope();
    assertError(numberError, "n", "not_a_number");
    assertThat(numberError.path("data").path("message").asString()).startsWith("number: For input string");
    JsonNode argumentError = session.nextEnvelope();
    assertError(argumentError, "a", "illegal_argument");
    assertThat(argumentError.path("data").path("message").asString()).isEqualTo("bad argument");
    assertStillServed(session);
  }

  @Test
  void aWsExceptionWhenOpeningClosesWith1008AndItsMessage() {
    TestSession session = connect("/guarded");
    assertThat(session.awaitClose()).isEqualTo(CloseStatus.of(CloseStatus.POLICY_VIOLATION, "a token is required"));
  }

  @Test
  void anUnexpectedExceptionWhenOpeningClosesWith1011() {
    TestSession session = connect("/guarded?token=explode");
    assertThat(session.awaitClose()).isEqualTo(CloseStatus.of(CloseStatus.INTERNAL_ERROR, "internal error"));
  }

  @Test
  void aSessionWhoseOpenSucceedsIsServed() {
    TestSession session = connect("/guarded?token=letmein");
    session.send("echo", "g", Map.of("text", "in"));
    assertThat(session.nextEnvelope().path("replyTo").asString()).isEqualTo("g");
    assertThat(session.isClosed()).isFalse();
  }

  @Test
  void aPathWithoutEndpointIsRefusedWith404() {
    assertThat(client.connectAsync(port, "/nowhere", ConnectOptions.defaults(), new TestSession()))
        .failsWithin(WsTestClient.TIMEOUT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOfSatisfying(WsHandshakeException.class, refused -> assertThat(refused.status()).isEqualTo(404));
  }

  // ---------------------------------------------------------------- helpers

  private TestSession connect(String target) {
    return client.connect(port, target);
  }

  private static void assertError(JsonNode envelope, String replyTo, String code) {
    assertThat(envelope.path("type").asString()).isEqualTo("error");
    assertThat(envelope.path("replyTo").asString()).isEqualTo(replyTo);
    assertThat(envelope.path("data").path("code").asString()).isEqualTo(code);
    assertThat(envelope.path("data").path("message").asString()).isNotBlank();
  }

  /** The session is still open and still answers. */
  private static void assertStillServed(TestSession session) {
    session.send("echo", "alive", Map.of("text", "still here"));
    JsonNode reply = session.nextEnvelope();
    assertThat(reply.path("replyTo").asString()).isEqualTo("alive");
    assertThat(reply.path("data").path("text").asString()).isEqualTo("still here");
    assertThat(session.isClosed()).isFalse();
  }

  // ---------------------------------------------------------------- application

  @SpringBootConfiguration
  @EnableAutoConfiguration
  @Import({Everything.class, RawText.class, RawBuffer.class, Guarded.class})
  static class App {

    @Bean
    WsArgumentResolver localeResolver() {
      return new WsArgumentResolver() {
        @Override
        public boolean supportsParameter(MethodParameter parameter) {
          return parameter.getParameterType() == Locale.class;
        }

        @Override
        public Object resolveArgument(MethodParameter parameter, WsInvocation invocation) {
          String language = invocation.session().handshake().headers().first("Accept-Language");
          return language == null ? Locale.ROOT : Locale.forLanguageTag(language);
        }
      };
    }
  }

  record Greeting(@NotBlank @Size(max = 20) String text) {
  }

  record SessionView(boolean same, String endpoint, Map<String, String> pathVariables) {
  }

  record HandshakeView(String client, String lang, String missing) {
  }

  record Anonymity(boolean anonymous) {
  }

  @WsEndpoint("/rooms/{roomId}")
  static class Everything {

    final BlockingQueue<String> voidCalls = new LinkedBlockingQueue<>();
    final BlockingQueue<CompletableFuture<Greeting>> pendingReplies = new LinkedBlockingQueue<>();
    final BlockingQueue<String> closes = new LinkedBlockingQueue<>();

    @WsOpen
    void open(DuplexSession session, @QueryParam(required = false) String nick) {
      session.attributes().put("nick", nick == null ? "anonymous" : nick);
    }

    @WsHandler("echo")
    Greeting echo(@Payload Greeting greeting) {
      return greeting;
    }

    @WsHandler("unannotated")
    Greeting unannotated(Greeting greeting) {
      return new Greeting(greeting.text().toUpperCase(Locale.ROOT));
    }

    @WsHandler("validated")
    Greeting validated(@Payload @Valid Greeting greeting) {
      return greeting;
    }

    @WsHandler("session")
    SessionView session(DuplexSession duplex, WsSession engine) {
      return new SessionView(duplex == engine, duplex.endpoint(), duplex.pathVariables());
    }

    @WsHandler("room")
    int room(@PathVar int roomId) {
      return roomId + 1;
    }

    @WsHandler("handshake")
    HandshakeView handshake(@HandshakeHeader("X-Client") String client, @QueryParam String lang,
        @QueryParam(required = false) String missing) {
      return new HandshakeView(client, lang, missing);
    }

    @WsHandler("attribute")
    String attribute(@WsAttribute String nick) {
      return nick;
    }

    @WsHandler("principal")
    Anonymity principal(Principal user) {
      return new Anonymity(user == null);
    }

    @WsHandler("envelope")
    String envelope(Envelope envelope) {
      return envelope.type() + "#" + envelope.id() + "#" + envelope.data().path("n").asInt();
    }

    @WsHandler("locale")
    String locale(Locale locale) {
      return locale.toLanguageTag();
    }

    @WsHandler("void")
    void quiet(@Payload Greeting greeting) {
      voidCalls.add(greeting.text());
    }

    @WsHandler("later")
    CompletionStage<Greeting> later(@Payload Greeting greeting) {
      CompletableFuture<Greeting> reply = new CompletableFuture<>();
      pendingReplies.add(reply);
      return reply;
    }

    @WsHandler("refuse")
    void refuse() {
      throw new WsException("forbidden", "not in this room");
    }

    @WsHandler("crash")
    void crash() throws IOException {
      throw new IOException("cannot reach the database with password hunter2");
    }

    @WsHandler("number")
    int number(@Payload Greeting greeting) {
      return Integer.parseInt(greeting.text());
    }

    @WsHandler("argument")
    void argument() {
      throw new IllegalArgumentException("bad argument");
    }

    @WsError
    WsErrorReply onIllegalArgument(IllegalArgumentException e) {
      return WsErrorReply.of("illegal_argument", e.getMessage());
    }

    @WsError
    WsErrorReply onNumberFormat(NumberFormatException e, Envelope envelope) {
      return WsErrorReply.of("not_a_number", envelope.type() + ": " + e.getMessage());
    }

    @WsClose
    void close(CloseStatus status, @PathVar String roomId) {
      closes.add(roomId + ":" + status);
    }
  }

  @WsEndpoint("/raw/text")
  static class RawText {

    @WsHandler
    String shout(String text) {
      return text.toUpperCase(Locale.ROOT);
    }

    @WsHandler
    byte[] reverse(byte[] data) {
      byte[] reversed = new byte[data.length];
      for (int i = 0; i < data.length; i++) {
        reversed[i] = data[data.length - 1 - i];
      }
      return reversed;
    }
  }

  @WsEndpoint("/raw/buffer")
  static class RawBuffer {

    @WsHandler
    ByteBuffer twice(ByteBuffer data) {
      ByteBuffer doubled = ByteBuffer.allocate(2 * data.remaining());
      doubled.put(data.duplicate()).put(data);
      return doubled.flip();
    }
  }

  @WsEndpoint("/guarded")
  static class Guarded {

    @WsOpen
    void open(@QueryParam(required = false) String token) {
      if ("explode".equals(token)) {
        throw new IllegalStateException("token store is down");
      }
      if (!"letmein".equals(token)) {
        throw new WsException("forbidden", "a token is required");
      }
    }

    @WsHandler("echo")
    Greeting echo(Greeting greeting) {
      return greeting;
    }
  }
}
