package dev.duplex.spring.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.duplex.engine.WsListener;
import dev.duplex.engine.WsSession;
import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.WsClose;
import dev.duplex.spring.annotation.WsDispatch;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsError;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.autoconfigure.DuplexAutoConfiguration;
import dev.duplex.spring.messaging.WsErrorReply;
import dev.duplex.spring.resolve.WsArgumentResolver;
import dev.duplex.spring.resolve.WsInvocation;
import dev.duplex.spring.session.DuplexSession;
import java.util.Locale;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.MethodParameter;

/** Every mapping mistake fails start-up with a message that names the method (or bean) at fault. */
class EndpointMappingTests {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(DuplexAutoConfiguration.class))
      .withPropertyValues("duplex.server.port=0", "duplex.server.address=127.0.0.1");

  @Test
  void aWellMappedEndpointStarts() {
    runner.withUserConfiguration(WellMapped.class).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(EndpointRegistry.class).router().paths()).containsExactly("/rooms/{room}");
    });
  }

  @Test
  void twoHandlersForOneTypeFailStartUp() {
    runner.withUserConfiguration(TwoHandlersForOneType.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("Two @WsHandler methods for type 'chat.send' on endpoint /two",
            "TwoHandlersForOneType.first(String)", "TwoHandlersForOneType.second(String)"));
  }

  @Test
  void twoOpenMethodsFailStartUp() {
    runner.withUserConfiguration(TwoOpenMethods.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("has two @WsOpen methods", "TwoOpenMethods.first(DuplexSession)",
            "TwoOpenMethods.second()"));
  }

  @Test
  void anOpenMethodReturningAValueFailsStartUp() {
    runner.withUserConfiguration(OpenReturningAValue.class).run(context -> assertMappingFailure(context)
        .hasMessageContaining("@WsOpen OpenReturningAValue.open(DuplexSession) must return void"));
  }

  @Test
  void aParameterNoResolverClaimsFailsStartUp() {
    runner.withUserConfiguration(UnresolvableParameter.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("No resolver for parameter 1 (Locale locale) of",
            "UnresolvableParameter.open(DuplexSession, Locale)", "register a WsArgumentResolver"));
  }

  @Test
  void aPrimitiveParameterOfATypedHandlerIsNotTakenForThePayload() {
    runner.withUserConfiguration(PrimitivePayload.class).run(context -> assertMappingFailure(context)
        .hasMessageContaining("No resolver for parameter 0 (int count) of PrimitivePayload.count(int)"));
  }

  @Test
  void twoCustomResolversForOneParameterFailStartUp() {
    runner.withUserConfiguration(NeedsLocale.class)
        .withBean("firstLocales", WsArgumentResolver.class, LocaleResolver::new)
        .withBean("secondLocales", WsArgumentResolver.class, LocaleResolver::new)
        .run(context -> assertMappingFailure(context)
            .hasMessageContainingAll("Ambiguous resolvers", "parameter 0 (Locale locale) of NeedsLocale.open(Locale)"));
  }

  @Test
  void oneCustomResolverForAParameterStarts() {
    runner.withUserConfiguration(NeedsLocale.class)
        .withBean("locales", WsArgumentResolver.class, LocaleResolver::new)
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void twoEndpointsOnTheSameTemplateShapeFailStartUp() {
    runner.withUserConfiguration(RoomsById.class, RoomsByName.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("Two WebSocket endpoints on one path", "/rooms/{id}", "/rooms/{name}"));
  }

  @Test
  void aLiteralPathBesideATemplateThatMatchesItStarts() {
    runner.withUserConfiguration(RoomsById.class, RoomsLobby.class).run(context -> assertThat(context)
        .hasNotFailed());
  }

  @Test
  void aPathVariableMissingFromThePathFailsStartUp() {
    runner.withUserConfiguration(MissingPathVariable.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("parameter 0 (String room) of MissingPathVariable.open(String)",
            "binds path variable 'room', which endpoint /lobby/{id} does not have"));
  }

  @Test
  void aRawTextHandlerBesideTypedHandlersFailsStartUp() {
    runner.withUserConfiguration(RawTextBesideTyped.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("has typed @WsHandler methods", "raw text handler RawTextBesideTyped.raw(String)",
            "would never be called"));
  }

  @Test
  void aRawBinaryHandlerBesideTypedHandlersStarts() {
    runner.withUserConfiguration(RawBinaryBesideTyped.class).run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void aRawHandlerWithoutAMessageParameterFailsStartUp() {
    runner.withUserConfiguration(RawWithoutMessage.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("Raw @WsHandler RawWithoutMessage.raw(DuplexSession)",
            "needs exactly one message parameter"));
  }

  @Test
  void aRawHandlerReturningAnObjectFailsStartUp() {
    runner.withUserConfiguration(RawReturningObject.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("Raw @WsHandler RawReturningObject.raw(String) returns Integer"));
  }

  @Test
  void twoErrorMappersForOneExceptionTypeFailStartUp() {
    runner.withUserConfiguration(TwoErrorMappers.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("Two @WsError methods for IllegalStateException on endpoint /errors",
            "TwoErrorMappers.first(IllegalStateException)", "TwoErrorMappers.second(IllegalStateException)"));
  }

  @Test
  void anErrorMapperWithoutAnExceptionParameterFailsStartUp() {
    runner.withUserConfiguration(ErrorMapperWithoutException.class).run(context -> assertMappingFailure(context)
        .hasMessageContaining("@WsError ErrorMapperWithoutException.map(DuplexSession) needs exactly one exception"));
  }

  @Test
  void aListenerBeanThatAlsoDeclaresHandlersFailsStartUp() {
    runner.withUserConfiguration(ListenerWithHandlers.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("implements WsListener and also declares handler methods",
            "ListenerWithHandlers.handle(String)", "choose one model"));
  }

  @Test
  void aListenerBeanWithWsDispatchFailsStartUp() {
    runner.withUserConfiguration(DispatchedListener.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("DispatchedListener", "implements WsListener",
            "@WsDispatch applies to handler methods only"));
  }

  @Test
  void aMethodWithTwoEventAnnotationsFailsStartUp() {
    runner.withUserConfiguration(OpenAndClose.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("OpenAndClose.both()", "[@WsOpen, @WsClose]"));
  }

  @Test
  void aPathWithoutLeadingSlashFailsStartUp() {
    runner.withUserConfiguration(NoLeadingSlash.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("@WsEndpoint of bean", "endpoint path must start with '/': chat"));
  }

  @Test
  void aVariableThatIsNotAWholeSegmentFailsStartUp() {
    runner.withUserConfiguration(PartialSegmentVariable.class).run(context -> assertMappingFailure(context)
        .hasMessageContainingAll("@WsEndpoint of bean", "a path variable must be a whole segment",
            "/chat/room-{id}"));
  }

  @Test
  void aRepeatedVariableFailsStartUp() {
    runner.withUserConfiguration(RepeatedVariable.class).run(context -> assertMappingFailure(context)
        .hasMessageContaining("path variable {id} appears twice in /a/{id}/b/{id}"));
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertMappingFailure(
      AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      if (t instanceof EndpointMappingException mapping) {
        return assertThat(mapping);
      }
    }
    throw new AssertionError("start-up did not fail with an EndpointMappingException", context.getStartupFailure());
  }

  // ---------------------------------------------------------------- endpoints

  @WsEndpoint("/rooms/{room}")
  static class WellMapped {

    @WsOpen
    void open(DuplexSession session, @PathVar String room) {
    }

    @WsHandler("chat.send")
    String send(String text) {
      return text;
    }

    @WsHandler
    void binary(byte[] data) {
    }

    @WsClose
    void close(WsSession session) {
    }

    @WsError
    WsErrorReply error(IllegalStateException e) {
      return WsErrorReply.of("bad_state", e.getMessage());
    }
  }

  @WsEndpoint("/two")
  static class TwoHandlersForOneType {

    @WsHandler("chat.send")
    void first(String text) {
    }

    @WsHandler("chat.send")
    void second(String text) {
    }
  }

  @WsEndpoint("/open")
  static class TwoOpenMethods {

    @WsOpen
    void first(DuplexSession session) {
    }

    @WsOpen
    void second() {
    }
  }

  @WsEndpoint("/open")
  static class OpenReturningAValue {

    @WsOpen
    String open(DuplexSession session) {
      return "hello";
    }
  }

  @WsEndpoint("/unresolvable")
  static class UnresolvableParameter {

    @WsOpen
    void open(DuplexSession session, Locale locale) {
    }
  }

  @WsEndpoint("/primitive")
  static class PrimitivePayload {

    @WsHandler("count")
    void count(int count) {
    }
  }

  @WsEndpoint("/locale")
  static class NeedsLocale {

    @WsOpen
    void open(Locale locale) {
    }
  }

  static class LocaleResolver implements WsArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
      return parameter.getParameterType() == Locale.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, WsInvocation invocation) {
      return Locale.ENGLISH;
    }
  }

  @WsEndpoint("/rooms/{id}")
  static class RoomsById {
  }

  @WsEndpoint("/rooms/{name}")
  static class RoomsByName {
  }

  @WsEndpoint("/rooms/lobby")
  static class RoomsLobby {
  }

  @WsEndpoint("/lobby/{id}")
  static class MissingPathVariable {

    @WsOpen
    void open(@PathVar String room) {
    }
  }

  @WsEndpoint("/mixed")
  static class RawTextBesideTyped {

    @WsHandler("chat.send")
    void typed(String text) {
    }

    @WsHandler
    void raw(String text) {
    }
  }

  @WsEndpoint("/mixed")
  static class RawBinaryBesideTyped {

    @WsHandler("chat.send")
    void typed(String text) {
    }

    @WsHandler
    void raw(byte[] data) {
    }
  }

  @WsEndpoint("/raw")
  static class RawWithoutMessage {

    @WsHandler
    void raw(DuplexSession session) {
    }
  }

  @WsEndpoint("/raw")
  static class RawReturningObject {

    @WsHandler
    Integer raw(String text) {
      return text.length();
    }
  }

  @WsEndpoint("/errors")
  static class TwoErrorMappers {

    @WsError
    WsErrorReply first(IllegalStateException e) {
      return WsErrorReply.of("first", "first");
    }

    @WsError
    WsErrorReply second(IllegalStateException e) {
      return WsErrorReply.of("second", "second");
    }
  }

  @WsEndpoint("/errors")
  static class ErrorMapperWithoutException {

    @WsError
    WsErrorReply map(DuplexSession session) {
      return WsErrorReply.of("none", "none");
    }
  }

  @WsEndpoint("/listener")
  static class ListenerWithHandlers implements WsListener {

    @WsHandler
    void handle(String text) {
    }
  }

  @WsEndpoint("/dispatched")
  @WsDispatch(DispatchMode.EXECUTOR)
  static class DispatchedListener implements WsListener {
  }

  @WsEndpoint("/both")
  static class OpenAndClose {

    @WsOpen
    @WsClose
    void both() {
    }
  }

  @WsEndpoint("chat")
  static class NoLeadingSlash {
  }

  @WsEndpoint("/chat/room-{id}")
  static class PartialSegmentVariable {
  }

  @WsEndpoint("/a/{id}/b/{id}")
  static class RepeatedVariable {
  }
}
