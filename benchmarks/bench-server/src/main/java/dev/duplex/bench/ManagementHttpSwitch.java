package dev.duplex.bench;

import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the HTTP server, which only Actuator uses, when the command line asks for a port, and leaves it off
 * otherwise, so that a plain benchmark run measures the WebSocket server alone (no Tomcat threads or memory).
 *
 * <ul>
 *   <li>neither {@code management.server.port} nor {@code server.port} set: {@code
 *       spring.main.web-application-type=none}; Actuator is not reachable over HTTP;
 *   <li>{@code management.server.port=P} alone: one HTTP server on P that serves only Actuator ({@code server.port}
 *       defaults to P, so Boot does not start a second server on 8080);
 *   <li>{@code server.port} set, or {@code spring.main.web-application-type} given explicitly: Spring Boot's usual
 *       behaviour.
 * </ul>
 *
 * These are defaults in the lowest-precedence property source: any explicit setting wins.
 */
final class ManagementHttpSwitch implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

  static final String PROPERTY_SOURCE = "benchServerHttpDefaults";

  private static final Logger log = LoggerFactory.getLogger(ManagementHttpSwitch.class);

  @Override
  public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
    ConfigurableEnvironment environment = event.getEnvironment();
    String managementPort = environment.getProperty("management.server.port");
    boolean serverPort = environment.containsProperty("server.port");
    Map<String, Object> defaults = new HashMap<>();
    if (!serverPort && (managementPort == null || managementPort.startsWith("-"))) {
      defaults.put("spring.main.web-application-type", "none");
      if (!environment.containsProperty("spring.main.web-application-type")) {
        log.info("No HTTP server: Actuator is reachable over HTTP once management.server.port is given");
      }
    } else if (!serverPort) {
      defaults.put("server.port", managementPort);
    }
    environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, defaults));
  }
}
