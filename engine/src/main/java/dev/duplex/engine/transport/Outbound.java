package dev.duplex.engine.transport;

import dev.duplex.engine.WsSendException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes a connection has yet to write, in order, with the promise of each send. One system call takes as many
 * queued frames as the socket accepts: copied into the event loop's direct buffer for plain TCP, gathered for TLS.
 *
 * <p>{@link #queuedBytes()} counts application payload from the moment a send is accepted on any thread until
 * its frame is written, so the slow-consumer limit sees sends still on their way to the event loop.
 */
final class Outbound {

  private static final int MAX_GATHER = 64;

  /** One frame to write; {@code accounted} is what it added to the queued-bytes count. */
  private record Entry(ByteBuffer frame, CompletableFuture<Void> promise, long accounted) { }

  private final ArrayDeque<Entry> entries = new ArrayDeque<>();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
  /** Bytes handed to the channel so far; written on the loop, read anywhere. */
  private long written;

  long queuedBytes() {
    return queuedBytes.get();
  }

  /** Counts payload accepted for sending before its frame is queued; any thread. */
  void reserve(long bytes) {
    queuedBytes.addAndGet(bytes);
  }

  /** Gives back what {@link #reserve(long)} counted for a send that will not be queued. */
  void release(long bytes) {
    queuedBytes.addAndGet(-bytes);
  }

  /** Queues a frame; loop only. */
  void add(ByteBuffer frame, CompletableFuture<Void> promise, long accounted) {
    entries.add(new Entry(frame, promise, accounted));
  }

  /** Bytes written so far, frames and handshake heads. */
  long written() {
    return written;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /**
   * Writes as much as the channel takes, with gathering writes: for a channel that transforms the bytes (TLS).
   *
   * @return true when everything queued has been written; false when the socket buffer is full
   */
  boolean writeTo(GatheringByteChannel channel) throws IOException {
    while (!entries.isEmpty()) {
      int count = 0;
      for (Entry entry : entries) {
        gather[count++] = entry.frame;
        if (count == MAX_GATHER) {
          break;
        }
      }
      try {
        if (count == 1) {
          written += channel.write(gather[0]);
        } else {
          written += channel.write(gather, 0, count);
        }
      } finally {
        Arrays.fill(gather, 0, count, null);
      }
      if (completeWritten() < count) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes as much as the socket takes, copying the queued frames into {@code staging}, a direct buffer, and
   * writing that with one system call per buffer-full.
   *
   * <p>This is the copy the JDK would make anyway: it writes a heap buffer through a temporary direct buffer,
   * taken per buffer from a thread-local cache. Copying into one direct buffer of the event loop saves those
   * look-ups and the gather list, which showed up as about a fifth of the event loop's samples in the small-message
   * echo profile. Frames are moved on by what the socket took; the rest stays queued for the next call.
   *
   * @param staging a direct buffer that nothing else uses during the call
   * @return true when everything queued has been written; false when the socket buffer is full
   */
  boolean writeTo(WritableByteChannel channel, ByteBuffer staging) throws IOException {
    while (!entries.isEmpty()) {
      staging.clear();
      for (Entry entry : entries) {
        ByteBuffer frame = entry.frame;
        int n = Math.min(frame.remaining(), staging.remaining());
        staging.put(staging.position(), frame, frame.position(), n);
        staging.position(staging.position() + n);
        if (!staging.hasRemaining()) {
          break;
        }
      }
      staging.flip();
      int copied = staging.remaining();
      int n = channel.write(staging);
      written += n;
      consume(n);
      if (n < copied) {
        return false;
      }
    }
    return true;
  }

  /** Moves the queued frames on by {@code count} bytes that were written, completing those written in full. */
  private void consume(int count) {
    int left = count;
    for (Entry entry : entries) {
      if (left == 0) {
        break;
      }
      ByteBuffer frame = entry.frame;
      int n = Math.min(left, frame.remaining());
      frame.position(frame.position() + n);
      left -= n;
    }
    completeWritten();
  }

  /** Completes the frames written in full and returns how many there were. */
  private int completeWritten() {
    int completed = 0;
    Entry head;
    while ((head = entries.peek()) != null && !head.frame.hasRemaining()) {
      entries.poll();
      completed++;
      queuedBytes.addAndGet(-head.accounted);
      if (head.promise != null) {
        head.promise.complete(null);
      }
    }
    return completed;
  }

  /** Fails every queued send: the connection closed before they were written. */
  void failAll(String reason) {
    Entry entry;
    while ((entry = entries.poll()) != null) {
      queuedBytes.addAndGet(-entry.accounted);
      if (entry.promise != null) {
        entry.promise.completeExceptionally(new WsSendException(reason));
      }
    }
  }

  @Override
  public String toString() {
    return "Outbound[" + entries.size() + " frames, " + queuedBytes.get() + " bytes]";
  }
}
