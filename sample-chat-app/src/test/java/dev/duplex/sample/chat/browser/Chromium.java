package dev.duplex.sample.chat.browser;

import static org.junit.jupiter.api.Assertions.fail;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The system's Chromium driven by Playwright, which downloads no browser of its own. Tests that need it fail
 * (never skip) when it is missing, saying how to install it.
 */
final class Chromium implements AutoCloseable {

  /** Where Debian's package puts it; {@code CHROMIUM_PATH} overrides. */
  static final String DEFAULT_PATH = "/usr/bin/chromium";

  private static final List<String> ARGS = List.of("--headless", "--no-sandbox", "--disable-gpu",
      "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update",
      "--disable-sync", "--disable-dev-shm-usage");

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  static Chromium launch() {
    Path executable = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", DEFAULT_PATH));
    if (!Files.isExecutable(executable)) {
      fail("Chromium is needed for the browser tests and was not found at " + executable + ". Install it with"
          + " `sudo apt-get install -y chromium` (Debian/Ubuntu; .ci/run does this), or set CHROMIUM_PATH to a"
          + " Chromium or Chrome executable.");
    }
    Playwright playwright = Playwright.create(new Playwright.CreateOptions()
        .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
          .setExecutablePath(executable)
          .setHeadless(true)
          .setArgs(ARGS));
      return new Chromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  Browser browser() {
    return browser;
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
