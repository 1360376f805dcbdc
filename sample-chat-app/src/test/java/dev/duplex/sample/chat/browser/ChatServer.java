package dev.duplex.sample.chat.browser;

import dev.duplex.sample.chat.ChatApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample application, started in this JVM on free ports and restartable on the same ones, as a deployment
 * restarts it behind the same address.
 */
final class ChatServer implements AutoCloseable {

  private final String[] extraArgs;
  private ConfigurableApplicationContext context;
  private int webPort;
  private int socketPort;
  private int managementPort;

  private ChatServer(String... extraArgs) {
    this.extraArgs = extraArgs;
  }

  static ChatServer start(String... extraArgs) {
    ChatServer server = new ChatServer(extraArgs);
    server.run(0, 0, 0);
    return server;
  }

  /** Stops the application and starts it again on the same ports; sessions and in-memory rooms are gone. */
  void restart() {
    context.close();
    run(webPort, socketPort, managementPort);
  }

  String url(String path) {
    return "http://127.0.0.1:" + webPort + path;
  }

  private void run(int web, int socket, int management) {
    List<String> args = new ArrayList<>(List.of("--server.port=" + web, "--duplex.server.port=" + socket,
        "--management.server.port=" + management, "--spring.main.banner-mode=off"));
    args.addAll(List.of(extraArgs));
    context = new SpringApplicationBuilder(ChatApplication.class).run(args.toArray(String[]::new));
    webPort = port("local.server.port");
    socketPort = port("local.duplex.port");
    managementPort = port("local.management.port");
  }

  private int port(String property) {
    return Integer.parseInt(context.getEnvironment().getRequiredProperty(property));
  }

  @Override
  public void close() {
    if (context != null) {
      context.close();
    }
  }
}
