package dev.duplex.spring.dispatch;

/** Where handler methods run. */
public enum DispatchMode {

  /**
   * On an executor, off the I/O threads: virtual threads when {@code spring.threads.virtual.enabled=true} on a
   * JDK that has them, else a pool. Each session's messages are handled one at a time, in order. The default.
   */
  EXECUTOR,

  /**
   * On the I/O thread that read the message, for handlers that never block: the fastest path. A blocking handler
   * here stalls every session of its event loop.
   */
  LOOP
}
