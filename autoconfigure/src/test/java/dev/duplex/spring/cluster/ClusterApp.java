package dev.duplex.spring.cluster;

import static org.awaitility.Awaitility.await;

import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.Payload;
import dev.duplex.spring.annotation.QueryParam;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.messaging.WsMessenger;
import dev.duplex.spring.server.DuplexServer;
import dev.duplex.spring.session.DuplexSession;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * A chat application run as several nodes of one cluster in a test: each node is its own application context
 * on a random port, all on one Redis under one key prefix.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(ClusterApp.ChatEndpoint.class)
class ClusterApp {

  /** A key prefix of its own for one test class, so tests never see each other's keys. */
  static String newPrefix() {
    return "duplex-test-" + UUID.randomUUID();
  }

  /** Starts a node on {@code redis} with {@code properties} on top of the cluster defaults of the tests. */
  static ConfigurableApplicationContext node(RedisServer redis, String prefix, String... properties) {
    List<String> all = new ArrayList<>(List.of("duplex.server.port=0", "duplex.server.address=127.0.0.1",
        "duplex.cluster.broker=redis", "spring.data.redis.host=127.0.0.1",
        "spring.data.redis.port=" + redis.port(), "duplex.cluster.redis.key-prefix=" + prefix,
        "spring.main.banner-mode=off"));
    all.addAll(List.of(properties));
    return new SpringApplicationBuilder(ClusterApp.class).web(WebApplicationType.NONE)
        .properties(all.toArray(String[]::new)).run();
  }

  /** Starts a node with the in-memory broker. */
  static ConfigurableApplicationContext localNode(String... properties) {
    List<String> all = new ArrayList<>(List.of("duplex.server.port=0", "duplex.server.address=127.0.0.1",
        "spring.main.banner-mode=off"));
    all.addAll(List.of(properties));
    return new SpringApplicationBuilder(ClusterApp.class).web(WebApplicationType.NONE)
        .properties(all.toArray(String[]::new)).run();
  }

  /** Waits until Redis counts {@code nodes} subscribers (one per node) of the target's channel. */
  static void awaitSubscribers(ConfigurableApplicationContext node, Target target, int nodes) {
    String prefix = node.getEnvironment().getProperty("duplex.cluster.redis.key-prefix");
    String channel = switch (target.kind()) {
      case ROOM -> prefix + ":r:" + target.name();
      case USER -> prefix + ":u:" + target.name();
      case ALL -> prefix + ":all";
    };
    RedisClient client = node.getBean(RedisClient.class);
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      try (StatefulRedisConnection<String, String> connection = client.connect()) {
        return connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L) == nodes;
      }
    });
  }

  static int port(ConfigurableApplicationContext node) {
    return node.getBean(DuplexServer.class).port();
  }

  record Text(String text) {
  }

  record Direct(String to, String text) {
  }

  record Burst(int count) {
  }

  record Resume(String room, long offset) {
  }

  /**
   * {@code /chat/{room}?user=NAME}: joins the room and says {@code welcome} with the session id; with
   * {@code &resume=true} it does not join, so that the client can resume the room instead.
   */
  @WsEndpoint("/chat/{room}")
  static class ChatEndpoint {

    private final WsMessenger messenger;
    private final WsRoomHistory history;
    private final WsPresence presence;

    ChatEndpoint(WsMessenger messenger, WsRoomHistory history, WsPresence presence) {
      this.messenger = messenger;
      this.history = history;
      this.presence = presence;
    }

    @WsOpen
    void open(DuplexSession session, @PathVar String room, @QueryParam(required = false) String user,
        @QueryParam(required = false) String resume) {
      if (user != null) {
        Principal principal = () -> user;
        session.setPrincipal(principal);
      }
      if (!"true".equals(resume)) {
        session.join(room);
      }
      session.send("welcome", session.id());
    }

    @WsHandler("say")
    void say(@PathVar String room, @Payload Text text) {
      messenger.toRoom(room).send("said", text.text());
    }

    @WsHandler("burst")
    void burst(@PathVar String room, @Payload Burst burst) {
      for (int i = 0; i < burst.count(); i++) {
        messenger.toRoom(room).send("seq", i);
      }
    }

    @WsHandler("dm")
    void dm(@Payload Direct direct) {
      messenger.toUser(direct.to()).send("dm", direct.text());
    }

    @WsHandler("shout")
    void shout(@Payload Text text) {
      messenger.toAll().send("shout", text.text());
    }

    @WsHandler("room.resume")
    CompletionStage<ResumeResult> resume(DuplexSession session, @Payload Resume resume) {
      return history.resume(session, resume.room(), resume.offset());
    }

    @WsHandler("who")
    CompletionStage<RoomPresence> who(@PathVar String room) {
      return presence.room(room);
    }
  }
}
