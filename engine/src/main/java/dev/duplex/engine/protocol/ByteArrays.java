package dev.duplex.engine.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Reads and writes eight bytes of an array at once, the basis of fast unmasking and ASCII scanning. */
final class ByteArrays {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INTS = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  private ByteArrays() {
  }

  static long getLong(byte[] bytes, int index) {
    return (long) LONGS.get(bytes, index);
  }

  static void putLong(byte[] bytes, int index, long value) {
    LONGS.set(bytes, index, value);
  }

  static int getInt(byte[] bytes, int index) {
    return (int) INTS.get(bytes, index);
  }
}
