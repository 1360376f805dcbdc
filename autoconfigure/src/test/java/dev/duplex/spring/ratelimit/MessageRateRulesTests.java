package dev.duplex.spring.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which setting a message meets: the most specific per scope, each with a bucket key of its own. */
class MessageRateRulesTests {

  private static final MessageRate GLOBAL = new MessageRate(10, 20);
  private static final MessageRate GLOBAL_SEND = new MessageRate(5, 5);
  private static final MessageRate CHAT = new MessageRate(3, 3);
  private static final MessageRate CHAT_SEND = new MessageRate(1, 1);
  private static final MessageRate USER = new MessageRate(7, 7);

  private final MessageRateRules rules = new MessageRateRules(
      Map.of(LimitScope.SESSION,
          new ScopeLimits(GLOBAL, Map.of("chat.send", GLOBAL_SEND, "free", new MessageRate(0, 1))),
          LimitScope.USER, new ScopeLimits(USER, Map.of()),
          LimitScope.IP, ScopeLimits.NONE),
      Map.of("/chat", Map.of(LimitScope.SESSION, new ScopeLimits(CHAT, Map.of("chat.send", CHAT_SEND)))));

  @Test
  void theEndpointsRateForTheTypeComesFirst() {
    assertThat(rules.rulesFor("/chat", "chat.send")).containsExactly(
        new MessageRateRules.Rule(LimitScope.SESSION, "/chat#chat.send", CHAT_SEND),
        new MessageRateRules.Rule(LimitScope.USER, "", USER));
  }

  @Test
  void thenTheEndpointsRate() {
    assertThat(rules.rulesFor("/chat", "typing")).first()
        .isEqualTo(new MessageRateRules.Rule(LimitScope.SESSION, "/chat", CHAT));
    assertThat(rules.rulesFor("/chat", null)).first()
        .isEqualTo(new MessageRateRules.Rule(LimitScope.SESSION, "/chat", CHAT));
  }

  @Test
  void thenTheGlobalRateForTheTypeThenTheGlobalRate() {
    assertThat(rules.rulesFor("/other", "chat.send")).first()
        .isEqualTo(new MessageRateRules.Rule(LimitScope.SESSION, "#chat.send", GLOBAL_SEND));
    assertThat(rules.rulesFor("/other", "typing")).first()
        .isEqualTo(new MessageRateRules.Rule(LimitScope.SESSION, "", GLOBAL));
  }

  @Test
  void aRateOfZeroExemptsWhatItNames() {
    assertThat(rules.rulesFor("/other", "free")).containsExactly(new MessageRateRules.Rule(LimitScope.USER, "", USER));
  }

  @Test
  void typesNoSettingNamesShareTheEndpointsRuleSoMadeUpTypesDoNotMultiplyBuckets() {
    assertThat(rules.rulesFor("/other", "made.up.1")).isSameAs(rules.rulesFor("/other", "made.up.2"));
  }

  @Test
  void anEndpointWithoutAnyLimitIsNotFiltered() {
    MessageRateRules none = new MessageRateRules(Map.of(LimitScope.SESSION, new ScopeLimits(new MessageRate(0, 1),
        Map.of())), Map.of("/limited", Map.of(LimitScope.SESSION, new ScopeLimits(null, Map.of("x", CHAT)))));

    assertThat(none.limits("/free")).isFalse();
    assertThat(none.limits("/limited")).isTrue();
    assertThat(rules.limits("/anything")).isTrue();
  }

  @Test
  void anUnsetBurstIsTwiceTheRate() {
    assertThat(MessageRate.of(10, null)).isEqualTo(new MessageRate(10, 20));
    assertThat(MessageRate.of(0, null)).isEqualTo(new MessageRate(0, 1));
    assertThat(MessageRate.of(null, 5)).isNull();
  }
}
