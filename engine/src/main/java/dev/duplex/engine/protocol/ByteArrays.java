package dev.duplex.engine.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads and writes eight bytes of an array at once, the basis of fast masking and ASCII scanning. Little-endian, the
 * native order of the usual hardware, so that no access needs its bytes swapped.
 */
final class ByteArrays {

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteArrays() {
  }

  static long getLong(byte[] bytes, int index) {
    return (long) LONGS.get(bytes, index);
  }

  static void putLong(byte[] bytes, int index, long value) {
    LONGS.set(bytes, index, value);
  }
}
