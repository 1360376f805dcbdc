package dev.duplex.spring.cluster;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the test's own on a free loopback port, without persistence, so cluster tests never
 * touch the shared Redis on 6379 and can stop and restart theirs. It is stopped by its process, never by name.
 * When none can be started the test fails and says so: cluster tests are never skipped silently.
 */
final class RedisServer implements AutoCloseable {

  private static final List<String> DIRECTORIES = List.of("/usr/bin", "/usr/local/bin", "/opt/homebrew/bin");

  private final String binary;
  private final int port;
  private Process process;

  private RedisServer(String binary, int port) {
    this.binary = binary;
    this.port = port;
  }

  static RedisServer start() {
    String path = System.getenv().getOrDefault("PATH", "");
    List<String> places = new ArrayList<>(List.of(path.split(File.pathSeparator)));
    places.addAll(DIRECTORIES);
    String binary = places.stream().filter(directory -> !directory.isEmpty())
        .map(directory -> new File(directory, "redis-server")).filter(File::canExecute).map(File::getPath)
        .findFirst().orElseThrow(() -> new AssertionError("Cluster tests need Redis: no redis-server on the PATH"
            + " or in " + DIRECTORIES + " (.ci/run installs it)"));
    RedisServer server = new RedisServer(binary, freePort());
    server.restart();
    return server;
  }

  int port() {
    return port;
  }

  /** Starts the server (again) on its port and waits until it answers. */
  void restart() {
    try {
      process = new ProcessBuilder(binary, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
          "--appendonly", "no", "--protected-mode", "no")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      throw new AssertionError("Cluster tests need Redis: cannot start " + binary, e);
    }
    try {
      await().atMost(Duration.ofSeconds(10)).until(this::answers);
    } catch (RuntimeException e) {
      stop();
      throw new AssertionError("Cluster tests need Redis: " + binary + " did not answer on port " + port, e);
    }
  }

  /** Stops the server process and waits for it to end. */
  void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  private boolean answers() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      socket.setSoTimeout(500);
      OutputStream out = socket.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] reply = in.readNBytes(7);
      return new String(reply, StandardCharsets.US_ASCII).equals("+PONG\r\n");
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "RedisServer[" + port + (process != null ? ", pid " + process.pid() : ", stopped") + "]";
  }
}
