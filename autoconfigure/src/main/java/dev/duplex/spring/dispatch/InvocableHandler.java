package dev.duplex.spring.dispatch;

import dev.duplex.spring.resolve.ArgumentResolvers;
import dev.duplex.spring.resolve.HandlerMethods;
import dev.duplex.spring.resolve.WsArgumentResolver;
import dev.duplex.spring.resolve.WsInvocation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.SynthesizingMethodParameter;
import org.springframework.util.ReflectionUtils;

/**
 * A handler method with one resolver per parameter, chosen at start-up. Calling it resolves the arguments and
 * invokes the method, rethrowing what the method threw rather than a reflection wrapper.
 */
final class InvocableHandler {

  private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

  private final Object bean;
  private final Method method;
  private final HandlerInfo info;
  private final MethodParameter[] parameters;
  private final WsArgumentResolver[] resolvers;

  InvocableHandler(Object bean, Method method, HandlerInfo info, ArgumentResolvers resolverRegistry) {
    this.bean = bean;
    this.method = method;
    this.info = info;
    ReflectionUtils.makeAccessible(method);
    int count = method.getParameterCount();
    this.parameters = new MethodParameter[count];
    this.resolvers = new WsArgumentResolver[count];
    for (int i = 0; i < count; i++) {
      parameters[i] = SynthesizingMethodParameter.forExecutable(method, i);
      parameters[i].initParameterNameDiscovery(NAMES);
      resolvers[i] = resolverRegistry.resolverFor(parameters[i]);
    }
  }

  Method method() {
    return method;
  }

  HandlerInfo info() {
    return info;
  }

  MethodParameter[] parameters() {
    return parameters;
  }

  WsArgumentResolver[] resolvers() {
    return resolvers;
  }

  Object invoke(WsInvocation invocation) throws Throwable {
    Object[] arguments = new Object[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      arguments[i] = resolvers[i].resolveArgument(parameters[i], invocation);
      if (arguments[i] == null && parameters[i].getParameterType().isPrimitive()) {
        throw new IllegalStateException("null for primitive " + ArgumentResolvers.describe(parameters[i]));
      }
    }
    try {
      return method.invoke(bean, arguments);
    } catch (InvocationTargetException e) {
      throw e.getTargetException();
    }
  }

  @Override
  public String toString() {
    return HandlerMethods.describe(method);
  }
}
