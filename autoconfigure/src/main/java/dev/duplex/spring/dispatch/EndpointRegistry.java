package dev.duplex.spring.dispatch;

import dev.duplex.spring.resolve.ArgumentResolvers;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Discovers the {@code @WsEndpoint} beans once every singleton exists, checks their mappings (failing start-up
 * on the first mistake), and builds the router the server uses.
 */
public final class EndpointRegistry implements SmartInitializingSingleton {

  private final ListableBeanFactory beans;
  private final ArgumentResolvers resolvers;
  private final SessionServices services;
  private final RouterSettings settings;
  private volatile EndpointRouter router;

  /**
   * @param settings the handshake interceptors and message filters, in the order they run
   */
  public EndpointRegistry(ListableBeanFactory beans, ArgumentResolvers resolvers, SessionServices services,
      RouterSettings settings) {
    this.beans = beans;
    this.resolvers = resolvers;
    this.services = services;
    this.settings = settings;
  }

  @Override
  public void afterSingletonsInstantiated() {
    router();
  }

  /** The router over every endpoint; built on first use. */
  public EndpointRouter router() {
    EndpointRouter built = router;
    if (built == null) {
      synchronized (this) {
        built = router;
        if (built == null) {
          List<EndpointDefinition> endpoints = new EndpointDiscovery(resolvers).discover(beans);
          built = new EndpointRouter(endpoints, services, settings);
          router = built;
        }
      }
    }
    return built;
  }
}
