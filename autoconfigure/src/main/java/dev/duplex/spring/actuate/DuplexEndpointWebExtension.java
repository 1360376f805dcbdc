package dev.duplex.spring.actuate;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * The HTTP-only operation of the {@code duplex} endpoint: {@code DELETE /actuator/duplex/sessions/{id}} closes a
 * session with 1008 and the {@code reason} query parameter (or a default), and answers 404 when no such session
 * is open.
 */
@EndpointWebExtension(endpoint = DuplexEndpoint.class)
public final class DuplexEndpointWebExtension {

  private final DuplexEndpoint endpoint;

  public DuplexEndpointWebExtension(DuplexEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  @DeleteOperation
  public WebEndpointResponse<DuplexEndpoint.ClosedSessionDescriptor> closeSession(@Selector String section,
      @Selector String id, @Nullable String reason) {
    if (!DuplexEndpoint.SESSIONS.equals(section)) {
      return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
    }
    DuplexEndpoint.ClosedSessionDescriptor closed = endpoint.closeSession(id, reason);
    return closed == null
        ? new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND)
        : new WebEndpointResponse<>(closed);
  }
}
