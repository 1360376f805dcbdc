package dev.duplex.sample.chat.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The starter's browser client ({@code META-INF/resources/duplex/duplex.js}) in Chromium, against a scripted
 * WebSocket, so that each rule (replies, timeouts, the queue, reconnection, heartbeat) is driven step by step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DuplexScriptTest {

  /** A WebSocket the test opens, feeds and drops by hand; every instance is kept in window.sockets. */
  private static final String FAKE_SOCKET = """
      window.sockets = [];
      window.FakeSocket = class {
        constructor(url) { this.url = url; this.sent = []; sockets.push(this); }
        send(text) { this.sent.push(JSON.parse(text)); }
        close(code, reason) { this.closedWith = { code, reason }; }
        open() { this.onopen && this.onopen(); }
        receive(envelope) { this.onmessage && this.onmessage({ data: JSON.stringify(envelope) }); }
        drop(code, reason) { this.onclose && this.onclose({ code, reason }); }
      };
      window.until = async (condition) => {
        const deadline = Date.now() + 5000;
        while (!condition()) {
          if (Date.now() > deadline) throw new Error('not reached: ' + condition);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      """;

  private Chromium chromium;
  private BrowserContext context;
  private Page page;

  @BeforeAll
  void launch() {
    chromium = Chromium.launch();
  }

  @AfterAll
  void shutDown() {
    if (chromium != null) {
      chromium.close();
    }
  }

  @BeforeEach
  void loadScript() throws IOException {
    context = chromium.browser().newContext();
    page = context.newPage();
    page.navigate("about:blank");
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(script()));
    page.addScriptTag(new Page.AddScriptTagOptions().setContent(FAKE_SOCKET));
  }

  @AfterEach
  void closePage() {
    context.close();
  }

  @Test
  void aRequestResolvesWithItsReplyAndRejectsWithTheErrorEnvelope() {
    Object result = page.evaluate("""
        async () => {
          const client = new Duplex.DuplexClient('ws://chat.test/chat', { WebSocket: FakeSocket, token: 'T' });
          const pushed = [];
          client.on('chat.send', (data) => pushed.push(['chat.send', data]));
          client.on('chat.message', (data) => pushed.push(['chat.message', data]));
          client.connect();
          await until(() => sockets.length === 1);
          const socket = sockets[0];
          socket.open();
          const reply = client.request('chat.send', { text: 'hi' });
          const refused = client.request('chat.send', { text: 'again' }).catch((error) => error);
          const [first, second] = socket.sent;
          socket.receive({ type: 'chat.message', data: { text: 'from bob' } });
          socket.receive({ type: 'error', replyTo: second.id,
              data: { code: 'rate_limited', message: 'slow down', retryAfterMs: 750 } });
          socket.receive({ type: 'chat.send', replyTo: first.id, data: { id: 'm1' } });
          const error = await refused;
          return { url: socket.url, sent: socket.sent, reply: await reply, pushed,
                   error: { name: error.name, code: error.code, message: error.message, retryAfterMs: error.retryAfterMs } };
        }""");

    Map<?, ?> outcome = (Map<?, ?>) result;
    assertThat(outcome.get("url")).isEqualTo("ws://chat.test/chat?access_token=T");
    assertThat(outcome.get("sent")).isEqualTo(List.of(
        Map.of("type", "chat.send", "id", "1", "data", Map.of("text", "hi")),
        Map.of("type", "chat.send", "id", "2", "data", Map.of("text", "again"))));
    assertThat(outcome.get("reply")).isEqualTo(Map.of("id", "m1"));
    assertThat(outcome.get("pushed")).isEqualTo(List.of(List.of("chat.message", Map.of("text", "from bob"))));
    assertThat(outcome.get("error")).isEqualTo(Map.of("name", "DuplexError", "code", "rate_limited",
        "message", "slow down", "retryAfterMs", 750));
  }

  @Test
  void aRequestWithoutReplyTimesOut() {
    Object code = page.evaluate("""
        async () => {
          const client = new Duplex.DuplexClient('ws://chat.test/chat', { WebSocket: FakeSocket });
          client.connect();
          await until(() => sockets.length === 1);
          sockets[0].open();
          return client.request('rooms.list', {}, { timeout: 50 }).then(() => 'resolved', (error) => error.code);
        }""");

    assertThat(code).isEqualTo("timeout");
  }

  @Test
  void whileDisconnectedSendsWaitInABoundedQueueAndGoOutAfterTheOpenHooks() {
    Object result = page.evaluate("""
        async () => {
          const client = new Duplex.DuplexClient('ws://chat.test/chat', { WebSocket: FakeSocket, queueLimit: 2 });
          client.onOpen(({ reconnected }) => client.send('room.join', { room: 'lobby', reconnected }));
          const accepted = [client.send('chat.send', { n: 1 }), client.send('chat.send', { n: 2 })];
          const overflow = client.send('chat.send', { n: 3 });
          const refused = await client.request('chat.send', { n: 4 }).catch((error) => error.code);
          client.connect();
          await until(() => sockets.length === 1);
          const queuedBeforeOpen = client.queued;
          sockets[0].open();
          return { accepted, overflow, refused, queuedBeforeOpen, queuedAfterOpen: client.queued,
                   sent: sockets[0].sent.map((envelope) => envelope.type + ' ' + JSON.stringify(envelope.data)) };
        }""");

    Map<?, ?> outcome = (Map<?, ?>) result;
    assertThat(outcome.get("accepted")).isEqualTo(List.of(true, true));
    assertThat(outcome.get("overflow")).isEqualTo(false);
    assertThat(outcome.get("refused")).isEqualTo("queue_full");
    assertThat(outcome.get("queuedBeforeOpen")).isEqualTo(2);
    assertThat(outcome.get("queuedAfterOpen")).isEqualTo(0);
    assertThat(outcome.get("sent")).isEqualTo(List.of(
        "room.join {\"room\":\"lobby\",\"reconnected\":false}", "chat.send {\"n\":1}", "chat.send {\"n\":2}"));
  }

  @Test
  void aDroppedConnectionFailsItsRequestsReconnectsAfterTheServersDelayAndRejoins() {
    Object result = page.evaluate("""
        async () => {
          const client = new Duplex.DuplexClient('ws://chat.test/chat', { WebSocket: FakeSocket,
              reconnect: { initialDelayMs: 60000, maxDelayMs: 60000 } });
          const states = [];
          client.onStateChange((state, detail) => states.push(state + (detail.delayMs !== undefined ? ' ' + detail.delayMs : '')));
          const opens = [];
          client.onOpen((event) => opens.push(event.reconnected));
          client.connect();
          await until(() => sockets.length === 1);
          sockets[0].open();
          const inFlight = client.request('chat.send', {}).catch((error) => error.code);
          sockets[0].drop(1012, '{"retryAfterMs":20}');
          const lost = await inFlight;
          client.send('chat.send', { after: 'drop' });
          await until(() => sockets.length === 2);
          sockets[1].open();
          return { lost, states, opens, state: client.state, resent: sockets[1].sent.map((envelope) => envelope.data) };
        }""");

    Map<?, ?> outcome = (Map<?, ?>) result;
    assertThat(outcome.get("lost")).isEqualTo("connection_lost");
    assertThat(outcome.get("states")).isEqualTo(List.of("connecting", "open", "reconnecting 20", "connecting",
        "open"));
    assertThat(outcome.get("opens")).isEqualTo(List.of(false, true));
    assertThat(outcome.get("resent")).isEqualTo(List.of(Map.of("after", "drop")));
  }

  @Test
  void closingFromAStateListenerStopsTheReconnect() {
    Object result = page.evaluate("""
        async () => {
          const client = new Duplex.DuplexClient('ws://chat.test/chat', { WebSocket: FakeSocket,
              reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
          client.onStateChange((state, detail) => {
            if (state === 'reconnecting' && detail.reason === 'token expired') client.close();
          });
          client.connect();
          await until(() => sockets.length === 1);
          sockets[0].open();
          sockets[0].drop(1008, 'token expired');
          // A reconnect would have been timed for 1 ms after the drop; a 20 ms timer fires after it.
          await new Promise((resolve) => setTimeout(resolve, 20));
          const refused = await client.request('rooms.list', {}).catch((error) => error.code);
          return { refused, sockets: sockets.length, state: client.state };
        }""");

    assertThat(result).isEqualTo(Map.of("refused", "closed", "sockets", 1, "state", "closed"));
  }

  @Test
  void aQuietConnectionIsProbedAndADeadOneDroppedAndReplaced() {
    Object result = page.evaluate("""
        async () => {
          const client = new Duplex.DuplexClient('ws://chat.test/chat', { WebSocket: FakeSocket,
              heartbeat: { idleMs: 100, timeoutMs: 100, type: 'ping' }, reconnect: { initialDelayMs: 1, maxDelayMs: 1 } });
          client.connect();
          await until(() => sockets.length === 1);
          const socket = sockets[0];
          socket.open();
          await until(() => socket.sent.length === 1);
          const probe = socket.sent[0];
          socket.receive({ type: 'ping', replyTo: probe.id, data: {} });
          await until(() => socket.sent.length === 2);
          await until(() => sockets.length === 2);
          return { probe: probe.type, secondProbe: socket.sent[1].type, closedWith: socket.closedWith, state: client.state };
        }""");

    Map<?, ?> outcome = (Map<?, ?>) result;
    assertThat(outcome.get("probe")).isEqualTo("ping");
    assertThat(outcome.get("secondProbe")).isEqualTo("ping");
    assertThat(outcome.get("closedWith")).isEqualTo(Map.of("code", 4000, "reason", "heartbeat timeout"));
    assertThat(outcome.get("state")).isEqualTo("connecting");
  }

  @Test
  void backoffIsAFullJitterUnderACappedExponential() {
    Object result = page.evaluate("""
        () => [0, 1, 2, 3, 10].map((attempt) => {
          let max = 0;
          let min = Infinity;
          for (let i = 0; i < 2000; i++) {
            const delay = Duplex.backoff(attempt, 100, 1000);
            max = Math.max(max, delay);
            min = Math.min(min, delay);
          }
          return [min, max];
        })""");

    List<?> ranges = (List<?>) result;
    int[] ceilings = {100, 200, 400, 800, 1000};
    for (int i = 0; i < ceilings.length; i++) {
      List<?> range = (List<?>) ranges.get(i);
      assertThat(((Number) range.get(0)).intValue()).isLessThan(ceilings[i] / 4);
      assertThat(((Number) range.get(1)).intValue()).isBetween(ceilings[i] * 3 / 4, ceilings[i] - 1);
    }
  }

  private static String script() throws IOException {
    try (InputStream in = DuplexScriptTest.class.getResourceAsStream("/META-INF/resources/duplex/duplex.js")) {
      assertThat(in).as("duplex.js on the class path (from the starter)").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
