package dev.duplex.spring.autoconfigure;

import io.lettuce.core.RedisURI;
import java.time.Duration;

/**
 * The {@code spring.data.redis.*} properties the Redis cluster broker connects with, bound on their own so that
 * Duplex does not need Spring Data Redis; they mean what they mean to Spring Boot.
 */
class SpringDataRedisSettings {

  private String url;
  private String host = "localhost";
  private int port = 6379;
  private String username;
  private String password;
  private int database;
  private Duration timeout;
  private Duration connectTimeout;
  private String clientName;
  private final Ssl ssl = new Ssl();

  RedisURI toUri() {
    RedisURI uri;
    if (url != null) {
      uri = RedisURI.create(url);
    } else {
      RedisURI.Builder builder = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
          .withSsl(ssl.isEnabled());
      if (password != null) {
        builder = username != null ? builder.withAuthentication(username, password) : builder.withPassword(password);
      }
      uri = builder.build();
    }
    if (timeout != null) {
      uri.setTimeout(timeout);
    }
    if (clientName != null) {
      uri.setClientName(clientName);
    }
    return uri;
  }

  String describe() {
    return url != null ? RedisURI.create(url).toString() : host + ":" + port;
  }

  Duration getTimeout() {
    return timeout;
  }

  Duration getConnectTimeout() {
    return connectTimeout;
  }

  public void setUrl(String url) {
    this.url = url;
  }

  public void setHost(String host) {
    this.host = host;
  }

  public void setPort(int port) {
    this.port = port;
  }

  public void setUsername(String username) {
    this.username = username;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public void setDatabase(int database) {
    this.database = database;
  }

  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public void setClientName(String clientName) {
    this.clientName = clientName;
  }

  public Ssl getSsl() {
    return ssl;
  }

  /** {@code spring.data.redis.ssl.*}. */
  public static class Ssl {

    private boolean enabled;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
