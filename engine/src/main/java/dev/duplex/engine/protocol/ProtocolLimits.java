package dev.duplex.engine.protocol;

/**
 * Size limits the protocol enforces on what the peer sends. Each is checked as soon as a frame header announces
 * its length, before any memory is set aside for the payload; a frame or message over its limit ends the
 * connection with 1009 (RFC 6455 section 7.4.1).
 *
 * <p>Immutable; start from {@link #defaults()} or {@link #builder()}.
 */
public final class ProtocolLimits {

  /** 1 MiB. */
  public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;

  private static final ProtocolLimits DEFAULTS = builder().build();

  private final int maxFrameSize;
  private final int maxMessageSize;

  private ProtocolLimits(Builder builder) {
    this.maxFrameSize = builder.maxFrameSize;
    this.maxMessageSize = builder.maxMessageSize;
  }

  public static ProtocolLimits defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().maxFrameSize(maxFrameSize).maxMessageSize(maxMessageSize);
  }

  /** Largest payload of a single frame, in bytes. */
  public int maxFrameSize() {
    return maxFrameSize;
  }

  /** Largest message, in bytes, summed over its fragments (after decompression, where an extension applies). */
  public int maxMessageSize() {
    return maxMessageSize;
  }

  @Override
  public String toString() {
    return "ProtocolLimits[maxFrameSize=" + maxFrameSize + ", maxMessageSize=" + maxMessageSize + "]";
  }

  /** Builds {@link ProtocolLimits}; every limit defaults to {@link #DEFAULT_MAX_MESSAGE_SIZE}. */
  public static final class Builder {

    private int maxFrameSize = DEFAULT_MAX_MESSAGE_SIZE;
    private int maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE;

    private Builder() {
    }

    public Builder maxFrameSize(int bytes) {
      this.maxFrameSize = positive("maxFrameSize", bytes);
      return this;
    }

    public Builder maxMessageSize(int bytes) {
      this.maxMessageSize = positive("maxMessageSize", bytes);
      return this;
    }

    public ProtocolLimits build() {
      return new ProtocolLimits(this);
    }

    private static int positive(String name, int value) {
      if (value < 125) {
        throw new IllegalArgumentException(name + " must be at least 125 bytes (a control frame), was " + value);
      }
      return value;
    }
  }
}
