package dev.duplex.sample.chat.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import java.nio.file.Path;

/** One person's tab of the chat, in a browser context of its own (own cookies and session storage). */
final class ChatPage implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final BrowserContext context;
  final Page page;

  private ChatPage(BrowserContext context, Page page) {
    this.context = context;
    this.page = page;
  }

  /** Opens the page, signs in, and waits until the socket is open and the lobby joined. */
  static ChatPage signIn(Browser browser, ChatServer server, String name, String password) {
    BrowserContext context = browser.newContext(new Browser.NewContextOptions().setViewportSize(1200, 720));
    Page page = context.newPage();
    page.navigate(server.url("/"));
    page.locator("#name").fill(name);
    if (password != null) {
      page.locator("#password").fill(password);
    }
    page.locator("#sign-in button").click();
    ChatPage chat = new ChatPage(context, page);
    assertThat(chat.status()).hasText("Online");
    assertThat(chat.members().filter(new Locator.FilterOptions().setHasText(name))).hasCount(1);
    return chat;
  }

  void send(String text) {
    page.locator("#text").fill(text);
    page.locator("#text").press("Enter");
  }

  void open(String key) {
    page.locator("#rooms li, #dms li").and(page.locator("[data-key='" + key + "']")).click();
    assertThat(page.locator("#title")).hasText(key.replace("#", "# ").replace("@", "@ "));
  }

  Locator status() {
    return page.locator("#status");
  }

  Locator members() {
    return page.locator("#members li");
  }

  Locator typing() {
    return page.locator("#typing");
  }

  Locator notice() {
    return page.locator("#notice");
  }

  /** Messages of the open conversation whose text is exactly this. */
  Locator message(String text) {
    return page.locator("#messages .message").filter(new Locator.FilterOptions()
        .setHas(page.locator(".text").getByText(text, new Locator.GetByTextOptions().setExact(true))));
  }

  void screenshot(String name) {
    page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")));
  }

  @Override
  public void close() {
    context.close();
  }
}
