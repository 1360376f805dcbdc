package dev.duplex.engine.protocol;

import java.util.zip.Deflater;

/**
 * How this endpoint uses permessage-deflate (RFC 7692) when the peer offers or accepts it.
 *
 * <p>Immutable; start from {@link #defaults()} or {@link #builder()}.
 */
public final class DeflateConfig {

  private static final DeflateConfig DEFAULTS = builder().build();
  private static final DeflateConfig DISABLED = builder().enabled(false).build();

  private final boolean enabled;
  private final int compressionLevel;
  private final int threshold;
  private final boolean serverNoContextTakeover;

  private DeflateConfig(Builder builder) {
    this.enabled = builder.enabled;
    this.compressionLevel = builder.compressionLevel;
    this.threshold = builder.threshold;
    this.serverNoContextTakeover = builder.serverNoContextTakeover;
  }

  /** Enabled, level 6, 256-byte threshold, server_no_context_takeover requested. */
  public static DeflateConfig defaults() {
    return DEFAULTS;
  }

  public static DeflateConfig disabled() {
    return DISABLED;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder().enabled(enabled).compressionLevel(compressionLevel).threshold(threshold)
        .serverNoContextTakeover(serverNoContextTakeover);
  }

  /** Whether the extension is offered (client) or accepted (server) at all. */
  public boolean enabled() {
    return enabled;
  }

  /** zlib compression level, 0 (store) to 9 (smallest); 6 by default. */
  public int compressionLevel() {
    return compressionLevel;
  }

  /** Messages smaller than this many bytes are sent uncompressed: compressing them costs more than it saves. */
  public int threshold() {
    return threshold;
  }

  /**
   * Whether a server asks to compress every message on its own (server_no_context_takeover), even when the
   * client did not offer it. Compression ratio drops a little for streams of similar messages, but a message is
   * then compressed once for all its recipients (a broadcast) and no compressor is held per connection.
   */
  public boolean serverNoContextTakeover() {
    return serverNoContextTakeover;
  }

  @Override
  public String toString() {
    return enabled
        ? "DeflateConfig[level=" + compressionLevel + ", threshold=" + threshold + ", serverNoContextTakeover="
            + serverNoContextTakeover + "]"
        : "DeflateConfig[disabled]";
  }

  /** Builds a {@link DeflateConfig}. */
  public static final class Builder {

    private boolean enabled = true;
    private int compressionLevel = 6;
    private int threshold = 256;
    private boolean serverNoContextTakeover = true;

    private Builder() {
    }

    public Builder enabled(boolean on) {
      this.enabled = on;
      return this;
    }

    public Builder compressionLevel(int level) {
      if (level < Deflater.NO_COMPRESSION || level > Deflater.BEST_COMPRESSION) {
        throw new IllegalArgumentException("compressionLevel must be between 0 and 9, was " + level);
      }
      this.compressionLevel = level;
      return this;
    }

    public Builder threshold(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("threshold must not be negative, was " + bytes);
      }
      this.threshold = bytes;
      return this;
    }

    public Builder serverNoContextTakeover(boolean request) {
      this.serverNoContextTakeover = request;
      return this;
    }

    public DeflateConfig build() {
      return new DeflateConfig(this);
    }
  }
}
