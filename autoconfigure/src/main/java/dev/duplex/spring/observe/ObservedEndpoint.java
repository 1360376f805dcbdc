package dev.duplex.spring.observe;

import java.util.Set;

/**
 * An endpoint as observers see it: facts that are fixed at start-up and fit for metric tags.
 *
 * @param path the path template, such as {@code /chat/{room}}
 * @param types the envelope types the endpoint has {@code @WsHandler} methods for; empty when it takes raw
 *     messages only
 * @param listener whether the endpoint bean is an engine {@link dev.duplex.engine.WsListener}: its messages do
 *     not pass through the Spring layer, so observers hear of its sessions but not of its messages
 */
public record ObservedEndpoint(String path, Set<String> types, boolean listener) {

  public ObservedEndpoint {
    types = Set.copyOf(types);
  }
}
