package dev.duplex.spring.observe;

import dev.duplex.engine.CloseStatus;
import dev.duplex.engine.WsSession;
import java.util.List;

/** Several observers as one, each called in turn. */
final class CompositeObserver implements DuplexObserver {

  private final List<DuplexObserver> observers;

  CompositeObserver(List<DuplexObserver> observers) {
    this.observers = observers;
  }

  @Override
  public EndpointObserver endpoint(ObservedEndpoint endpoint) {
    List<EndpointObserver> each = observers.stream().map(observer -> observer.endpoint(endpoint))
        .filter(observer -> observer != EndpointObserver.NONE).toList();
    return switch (each.size()) {
      case 0 -> EndpointObserver.NONE;
      case 1 -> each.get(0);
      default -> new Endpoint(each.toArray(EndpointObserver[]::new));
    };
  }

  @Override
  public void handshake(String outcome) {
    for (DuplexObserver observer : observers) {
      observer.handshake(outcome);
    }
  }

  @Override
  public String toString() {
    return "CompositeObserver" + observers;
  }

  private record Endpoint(EndpointObserver[] observers) implements EndpointObserver {

    @Override
    public void handshake(String outcome) {
      for (EndpointObserver observer : observers) {
        observer.handshake(outcome);
      }
    }

    @Override
    public void sessionOpened(WsSession session) {
      for (EndpointObserver observer : observers) {
        observer.sessionOpened(session);
      }
    }

    @Override
    public void sessionClosed(WsSession session, CloseStatus status, long durationNanos) {
      for (EndpointObserver observer : observers) {
        observer.sessionClosed(session, status, durationNanos);
      }
    }

    @Override
    public void messageReceived(String type, int bytes) {
      for (EndpointObserver observer : observers) {
        observer.messageReceived(type, bytes);
      }
    }

    @Override
    public void messageSent(String type, int bytes) {
      for (EndpointObserver observer : observers) {
        observer.messageSent(type, bytes);
      }
    }

    @Override
    public void limitExceeded(String limit, String action) {
      for (EndpointObserver observer : observers) {
        observer.limitExceeded(limit, action);
      }
    }
  }
}
