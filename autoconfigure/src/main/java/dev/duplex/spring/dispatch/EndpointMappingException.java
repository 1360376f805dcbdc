package dev.duplex.spring.dispatch;

/**
 * A {@code @WsEndpoint} that cannot be served as declared: two handlers for one type, a parameter nothing can
 * resolve, two endpoints on one path. Thrown at start-up, naming the method or bean at fault.
 */
public final class EndpointMappingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public EndpointMappingException(String message) {
    super(message);
  }

  public EndpointMappingException(String message, Throwable cause) {
    super(message, cause);
  }
}
