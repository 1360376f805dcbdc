package dev.duplex.spring.resolve;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.stream.Collectors;

/** How methods are named in start-up failures: {@code ChatEndpoint.send(SendText, String)}. */
public final class HandlerMethods {

  private HandlerMethods() {
  }

  public static String describe(Method method) {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName()
        + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
