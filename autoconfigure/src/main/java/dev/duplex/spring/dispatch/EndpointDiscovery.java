package dev.duplex.spring.dispatch;

import dev.duplex.engine.WsListener;
import dev.duplex.spring.annotation.PathVar;
import dev.duplex.spring.annotation.WsClose;
import dev.duplex.spring.annotation.WsDispatch;
import dev.duplex.spring.annotation.WsEndpoint;
import dev.duplex.spring.annotation.WsError;
import dev.duplex.spring.annotation.WsHandler;
import dev.duplex.spring.annotation.WsOpen;
import dev.duplex.spring.resolve.ArgumentResolvers;
import dev.duplex.spring.resolve.HandlerMethods;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

/**
 * Finds the {@link WsEndpoint} beans and checks each mapping, so that every mistake fails start-up with a message
 * naming the method: more than one event annotation on a method, two {@code @WsOpen} or {@code @WsClose}, two
 * handlers for one type, a raw handler without (or with two) message parameters, raw text beside envelopes, a
 * {@code @PathVar} missing from the path, a parameter no resolver claims, a return type that cannot be sent,
 * and two endpoints on one path.
 */
final class EndpointDiscovery {

  private static final List<Class<? extends Annotation>> EVENTS =
      List.of(WsOpen.class, WsHandler.class, WsClose.class, WsError.class);
  private static final Set<Class<?>> RAW_RETURNS =
      Set.of(void.class, String.class, CharSequence.class, byte[].class, ByteBuffer.class, CompletionStage.class);

  private final ArgumentResolvers resolvers;

  EndpointDiscovery(ArgumentResolvers resolvers) {
    this.resolvers = resolvers;
  }

  List<EndpointDefinition> discover(ListableBeanFactory beans) {
    List<EndpointDefinition> endpoints = new ArrayList<>();
    Map<String, EndpointDefinition> byShape = new HashMap<>();
    for (String name : beans.getBeanNamesForAnnotation(WsEndpoint.class)) {
      EndpointDefinition endpoint = define(name, beans.getBean(name));
      EndpointDefinition clash = byShape.putIfAbsent(endpoint.path().shape(), endpoint);
      if (clash != null) {
        throw new EndpointMappingException("Two WebSocket endpoints on one path: bean '" + clash.beanName()
            + "' (" + clash.path() + ") and bean '" + name + "' (" + endpoint.path() + ")");
      }
      endpoints.add(endpoint);
    }
    return endpoints;
  }

  private EndpointDefinition define(String beanName, Object bean) {
    Class<?> type = ClassUtils.getUserClass(bean);
    WsEndpoint annotation = AnnotatedElementUtils.findMergedAnnotation(type, WsEndpoint.class);
    PathTemplate path;
    try {
      path = PathTemplate.parse(annotation.path());
    } catch (IllegalArgumentException e) {
      throw new EndpointMappingException("@WsEndpoint of bean '" + beanName + "': " + e.getMessage(), e);
    }
    Map<Method, Class<? extends Annotation>> methods = MethodIntrospector.selectMethods(type,
        (MethodIntrospector.MetadataLookup<Class<? extends Annotation>>) EndpointDiscovery::eventOf);
    List<String> subprotocols = List.of(annotation.subprotocols());
    WsDispatch dispatch = AnnotatedElementUtils.findMergedAnnotation(type, WsDispatch.class);
    if (bean instanceof WsListener listener) {
      if (!methods.isEmpty()) {
        throw new EndpointMappingException("Endpoint bean '" + beanName + "' implements WsListener and also declares"
            + " handler methods " + methods.keySet().stream().map(HandlerMethods::describe).toList()
            + ": choose one model");
      }
      if (dispatch != null) {
        throw new EndpointMappingException("Endpoint bean '" + beanName + "' implements WsListener, whose callbacks"
            + " always run on the I/O thread: @WsDispatch applies to handler methods only");
      }
      return new EndpointDefinition(path, beanName, type, subprotocols, null, listener, null, null, Map.of(), null,
          null, List.of());
    }
    return new Mapping(beanName, bean, type, path).build(methods, subprotocols,
        dispatch == null ? null : dispatch.value());
  }

  private static Class<? extends Annotation> eventOf(Method method) {
    List<Class<? extends Annotation>> found = EVENTS.stream()
        .filter(event -> AnnotatedElementUtils.hasAnnotation(method, event)).toList();
    if (found.size() > 1) {
      throw new EndpointMappingException(HandlerMethods.describe(method) + " carries "
          + found.stream().map(a -> "@" + a.getSimpleName()).toList() + ": a method handles one kind of event");
    }
    return found.isEmpty() ? null : found.get(0);
  }

  /** The mapping of one endpoint bean, built method by method. */
  private final class Mapping {

    private final String beanName;
    private final Object bean;
    private final Class<?> type;
    private final PathTemplate path;
    private InvocableHandler open;
    private InvocableHandler close;
    private InvocableHandler rawText;
    private InvocableHandler rawBinary;
    private final Map<String, InvocableHandler> typed = new LinkedHashMap<>();
    private final List<ErrorHandler> errors = new ArrayList<>();

    Mapping(String beanName, Object bean, Class<?> type, PathTemplate path) {
      this.beanName = beanName;
      this.bean = bean;
      this.type = type;
      this.path = path;
    }

    EndpointDefinition build(Map<Method, Class<? extends Annotation>> methods, List<String> subprotocols,
        DispatchMode dispatch) {
      methods.entrySet().stream()
          .sorted(Comparator.comparing(entry -> HandlerMethods.describe(entry.getKey())))
          .forEach(entry -> add(entry.getKey(), entry.getValue()));
      if (rawText != null && !typed.isEmpty()) {
        throw new EndpointMappingException("Endpoint " + path + " (bean '" + beanName + "') has typed @WsHandler"
            + " methods, so its text messages are envelopes; raw text handler " + rawText + " would never be"
            + " called");
      }
      return new EndpointDefinition(path, beanName, type, subprotocols, dispatch, null, open, close, Map.copyOf(typed),
          rawText, rawBinary, List.copyOf(errors));
    }

    private void add(Method declared, Class<? extends Annotation> event) {
      Method method = AopUtils.selectInvocableMethod(declared, bean.getClass());
      InvocableHandler handler = handler(method, info(declared, event));
      checkPathVariables(handler);
      if (event == WsOpen.class) {
        open = single(open, handler, "@WsOpen");
        requireVoid(handler, "@WsOpen");
      } else if (event == WsClose.class) {
        close = single(close, handler, "@WsClose");
        requireVoid(handler, "@WsClose");
      } else if (event == WsError.class) {
        errors.add(errorHandler(handler));
      } else {
        addMessageHandler(handler, AnnotatedElementUtils.findMergedAnnotation(declared, WsHandler.class).value());
      }
    }

    private HandlerInfo info(Method declared, Class<? extends Annotation> event) {
      if (event == WsOpen.class) {
        return new HandlerInfo(path.toString(), HandlerInfo.Kind.OPEN, null, declared);
      }
      if (event == WsClose.class) {
        return new HandlerInfo(path.toString(), HandlerInfo.Kind.CLOSE, null, declared);
      }
      WsHandler handler = AnnotatedElementUtils.findMergedAnnotation(declared, WsHandler.class);
      String type = handler == null || handler.value().isEmpty() ? null : handler.value();
      return new HandlerInfo(path.toString(), HandlerInfo.Kind.MESSAGE, type, declared);
    }

    private InvocableHandler handler(Method method, HandlerInfo info) {
      try {
        return new InvocableHandler(bean, method, info, resolvers);
      } catch (IllegalStateException e) {
        throw new EndpointMappingException(e.getMessage(), e);
      }
    }

    private void addMessageHandler(InvocableHandler handler, String type) {
      if (!type.isEmpty()) {
        InvocableHandler existing = typed.putIfAbsent(type, handler);
        if (existing != null) {
          throw new EndpointMappingException("Two @WsHandler methods for type '" + type + "' on endpoint " + path
              + ": " + existing + " and " + handler);
        }
        return;
      }
      List<MethodParameter> text = new ArrayList<>();
      List<MethodParameter> binary = new ArrayList<>();
      for (int i = 0; i < handler.parameters().length; i++) {
        MethodParameter parameter = handler.parameters()[i];
        if (ArgumentResolvers.takesRawText(parameter, handler.resolvers()[i])) {
          text.add(parameter);
        } else if (ArgumentResolvers.takesRawBinary(parameter, handler.resolvers()[i])) {
          binary.add(parameter);
        }
      }
      if (text.size() + binary.size() != 1) {
        throw new EndpointMappingException("Raw @WsHandler " + handler + " needs exactly one message parameter:"
            + " String or CharSequence for text, byte[] or ByteBuffer for binary");
      }
      Class<?> returned = handler.method().getReturnType();
      if (!RAW_RETURNS.contains(returned)) {
        throw new EndpointMappingException("Raw @WsHandler " + handler + " returns " + returned.getSimpleName()
            + ": return void, String, byte[], ByteBuffer or a CompletionStage of one");
      }
      if (text.size() == 1) {
        rawText = single(rawText, handler, "raw text @WsHandler");
      } else {
        rawBinary = single(rawBinary, handler, "raw binary @WsHandler");
      }
    }

    private ErrorHandler errorHandler(InvocableHandler handler) {
      List<Class<?>> exceptions = new ArrayList<>();
      for (MethodParameter parameter : handler.parameters()) {
        if (Throwable.class.isAssignableFrom(parameter.getParameterType())) {
          exceptions.add(parameter.getParameterType());
        }
      }
      if (exceptions.size() != 1) {
        throw new EndpointMappingException("@WsError " + handler + " needs exactly one exception parameter, which"
            + " selects the exceptions it maps");
      }
      @SuppressWarnings("unchecked")
      Class<? extends Throwable> handles = (Class<? extends Throwable>) exceptions.get(0);
      for (ErrorHandler other : errors) {
        if (other.handles() == handles) {
          throw new EndpointMappingException("Two @WsError methods for " + handles.getSimpleName() + " on endpoint "
              + path + ": " + other.method() + " and " + handler);
        }
      }
      return new ErrorHandler(handles, handler);
    }

    private void checkPathVariables(InvocableHandler handler) {
      for (MethodParameter parameter : handler.parameters()) {
        PathVar variable = parameter.getParameterAnnotation(PathVar.class);
        if (variable != null) {
          String name = variable.value().isEmpty() ? parameter.getParameterName() : variable.value();
          if (!path.variables().contains(name)) {
            throw new EndpointMappingException(ArgumentResolvers.describe(parameter) + " binds path variable '"
                + name + "', which endpoint " + path + " does not have");
          }
        }
      }
    }

    private InvocableHandler single(InvocableHandler existing, InvocableHandler handler, String what) {
      if (existing != null) {
        throw new EndpointMappingException("Endpoint " + path + " (bean '" + beanName + "') has two " + what
            + " methods: " + existing + " and " + handler);
      }
      return handler;
    }

    private void requireVoid(InvocableHandler handler, String what) {
      if (handler.method().getReturnType() != void.class) {
        throw new EndpointMappingException(what + " " + handler + " must return void");
      }
    }
  }
}
