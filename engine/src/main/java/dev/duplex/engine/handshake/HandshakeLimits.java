package dev.duplex.engine.handshake;

/**
 * Hard limits on the HTTP head of a handshake, so that a peer cannot make a parser buffer without bound (the role
 * of h11's {@code max_incomplete_event_size}). A request over a limit is refused with 414 or 431
 * (<a href="https://www.rfc-editor.org/rfc/rfc6585#section-5">RFC 6585 section 5</a>) as soon as the byte that
 * crosses it arrives; a parser never holds more than {@link #maxHeadBytes()} bytes.
 *
 * <p>Immutable; start from {@link #defaults()} or {@link #builder()}.
 */
public final class HandshakeLimits {

  public static final int DEFAULT_MAX_HEAD_BYTES = 8192;
  public static final int DEFAULT_MAX_HEADERS = 100;

  private static final HandshakeLimits DEFAULTS = builder().build();

  private final int maxHeadBytes;
  private final int maxHeaders;

  private HandshakeLimits(Builder builder) {
    this.maxHeadBytes = builder.maxHeadBytes;
    this.maxHeaders = builder.maxHeaders;
  }

  public static HandshakeLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().maxHeadBytes(maxHeadBytes).maxHeaders(maxHeaders);
  }

  /** Largest head, in bytes: start line, header fields, line endings and the empty line that ends the head. */
  public int maxHeadBytes() {
    return maxHeadBytes;
  }

  /** Largest number of header fields, each repetition of a name counted. */
  public int maxHeaders() {
    return maxHeaders;
  }

  @Override
  public String toString() {
    return "HandshakeLimits[maxHeadBytes=" + maxHeadBytes + ", maxHeaders=" + maxHeaders + "]";
  }

  /** Builds {@link HandshakeLimits}, starting from the defaults. */
  public static final class Builder {

    private int maxHeadBytes = DEFAULT_MAX_HEAD_BYTES;
    private int maxHeaders = DEFAULT_MAX_HEADERS;

    private Builder() {
    }

    public Builder maxHeadBytes(int bytes) {
      this.maxHeadBytes = positive("maxHeadBytes", bytes);
      return this;
    }

    public Builder maxHeaders(int count) {
      this.maxHeaders = positive("maxHeaders", count);
      return this;
    }

    public HandshakeLimits build() {
      return new HandshakeLimits(this);
    }

    private static int positive(String name, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(name + " must be positive, was " + value);
      }
      return value;
    }
  }
}
