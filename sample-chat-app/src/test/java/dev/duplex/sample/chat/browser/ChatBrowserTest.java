package dev.duplex.sample.chat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample chat in Chromium, end to end: people sign in in their own browser contexts and talk through the real
 * server. Screenshots go to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatBrowserTest {

  private Chromium chromium;
  private ChatServer server;

  @BeforeAll
  void start() {
    PlaywrightAssertions.setDefaultAssertionTimeout(20_000);
    chromium = Chromium.launch();
    server = ChatServer.start();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (chromium != null) {
      chromium.close();
    }
  }

  @Test
  void twoPeopleSeeEachOtherTypingAndTalking() {
    try (ChatPage alice = ChatPage.signIn(chromium.browser(), server, "alice", "wonderland");
        ChatPage bob = ChatPage.signIn(chromium.browser(), server, "bob", "builder")) {
      assertThat(alice.members()).containsText(new String[] {"alice", "bob"});

      bob.page.locator("#text").pressSequentially("hel");
      assertThat(alice.typing()).hasText("bob is typing…");

      bob.send("hello <b>alice</b> & co");
      assertThat(bob.message("hello <b>alice</b> & co")).not().hasClass(Pattern.compile("pending"));
      Locator received = alice.message("hello <b>alice</b> & co");
      assertThat(received.locator(".from")).hasText("bob");
      assertThat(received.locator(".text b")).hasCount(0);
      assertThat(alice.typing()).isEmpty();

      alice.send("hi bob");
      assertThat(bob.message("hi bob").locator(".from")).hasText("alice");
      assertThat(bob.message("hi bob").locator("time")).hasText(Pattern.compile("\\d"));
      alice.page.locator("#text").pressSequentially("typing again");
      assertThat(bob.typing()).hasText("alice is typing…");
      bob.screenshot("chat-bob");
      alice.screenshot("chat-alice");
    }
  }

  @Test
  void aNewRoomKeepsItsHistoryForLaterArrivalsAndPeopleCanWriteDirectly() {
    try (ChatPage alice = ChatPage.signIn(chromium.browser(), server, "alice", "wonderland");
        ChatPage dave = ChatPage.signIn(chromium.browser(), server, "dave", null)) {
      alice.page.locator("#new-room-name").fill("design");
      alice.page.locator("#new-room button").click();
      assertThat(alice.page.locator("#title")).hasText("# design");
      alice.send("first draft is up");
      assertThat(alice.message("first draft is up")).not().hasClass(Pattern.compile("pending"));

      assertThat(dave.page.locator("#rooms li[data-key='#design']")).hasCount(1);
      dave.open("#design");
      assertThat(dave.message("first draft is up").locator(".from")).hasText("alice");
      assertThat(alice.members()).containsText(new String[] {"alice", "dave"});

      dave.members().filter(new Locator.FilterOptions().setHasText("alice")).click();
      assertThat(dave.page.locator("#title")).hasText("@ alice");
      dave.send("a word in private");
      assertThat(dave.message("a word in private")).not().hasClass(Pattern.compile("pending"));
      assertThat(alice.page.locator("#dms li[data-key='@dave'] .badge")).hasText("1");
      alice.open("@dave");
      assertThat(alice.message("a word in private").locator(".from")).hasText("dave");
      dave.screenshot("direct-message");
    }
  }

  @Test
  void afterARestartTheClientsReconnectRejoinAndContinue() {
    try (ChatPage alice = ChatPage.signIn(chromium.browser(), server, "alice", "wonderland");
        ChatPage erin = ChatPage.signIn(chromium.browser(), server, "erin", null)) {
      assertThat(alice.members()).containsText(new String[] {"alice", "erin"});

      server.restart();

      for (ChatPage page : new ChatPage[] {alice, erin}) {
        assertThat(page.status()).hasText("Online");
        assertThat(page.members()).containsText(new String[] {"alice", "erin"});
      }
      erin.send("still here after the restart");
      assertThat(alice.message("still here after the restart").locator(".from")).hasText("erin");
      assertThat(erin.message("still here after the restart")).not().hasClass(Pattern.compile("pending"));
      alice.screenshot("after-restart");
    }
  }

  /** Needs the per-user rate limit (duplex.rate-limit.per-user.*, set in application.yml). */
  @Test
  void someoneWhoFloodsTheRoomIsToldToSlowDown() {
    try (ChatPage frank = ChatPage.signIn(chromium.browser(), server, "frank", null)) {
      frank.page.evaluate("() => { const text = document.getElementById('text');"
          + " const form = document.getElementById('composer');"
          + " for (let i = 0; i < 40; i++) { text.value = 'flood ' + i; form.requestSubmit(); } }");

      assertThat(frank.notice()).isVisible();
      assertThat(frank.notice()).hasAttribute("data-code", "rate_limited");
      assertThat(frank.notice()).containsText(Pattern.compile("Try again in \\d+ s"));
      assertThat(frank.page.locator("#messages .message.failed").first()).isVisible();
      frank.screenshot("rate-limited");
      assertThat(frank.page.locator("#messages .message:not(.failed):not(.pending)").count()).isPositive();
    }
  }
}
