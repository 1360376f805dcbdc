package dev.duplex.spring.dispatch;

import dev.duplex.engine.WsListener;
import java.util.List;
import java.util.Map;

/**
 * One {@code @WsEndpoint} bean after its mapping was checked: its path, and either a raw engine listener or the
 * handler methods for each kind of event.
 *
 * @param beanType the class of the endpoint bean, behind any proxy
 * @param dispatch where its handlers run, from {@code @WsDispatch}; {@code null} for the application's
 *     {@code duplex.dispatch.mode}
 * @param rawListener the bean itself when it implements {@link WsListener}; then every handler is {@code null}
 * @param typed typed {@code @WsHandler} methods by envelope type
 * @param errorHandlers {@code @WsError} methods
 */
record EndpointDefinition(PathTemplate path, String beanName, Class<?> beanType, List<String> subprotocols,
    DispatchMode dispatch, WsListener rawListener,
    InvocableHandler open, InvocableHandler close, Map<String, InvocableHandler> typed, InvocableHandler rawText,
    InvocableHandler rawBinary, List<ErrorHandler> errorHandlers) {

  boolean takesEnvelopes() {
    return !typed.isEmpty();
  }
}
