package org.chrononbeam.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link GrowableBytes} against {@code ByteArrayOutputStream}, on random writes. */
class GrowableBytesTest {

  @Test
  void holdsWhatAByteArrayOutputStreamHolds() throws Exception {
    Random random = new Random(3);
    for (int round = 0; round < 200; round++) {
      GrowableBytes bytes = new GrowableBytes(random.nextInt(4));
      ByteArrayOutputStream naive = new ByteArrayOutputStream();
      for (int write = random.nextInt(60); write > 0; write--) {
        if (random.nextInt(20) == 0) {
          bytes.reset();
          naive.reset();
        } else if (random.nextBoolean()) {
          int b = random.nextInt(512) - 256;
          bytes.write(b);
          naive.write(b);
        } else {
          byte[] source = new byte[random.nextInt(300)];
          random.nextBytes(source);
          int offset = source.length == 0 ? 0 : random.nextInt(source.length);
          int length = random.nextInt(source.length - offset + 1);
          bytes.write(source, offset, length);
          naive.write(source, offset, length);
        }
        assertEquals(naive.size(), bytes.size());
      }
      assertArrayEquals(naive.toByteArray(), bytes.toByteArray(), "round " + round);
      ByteArrayOutputStream copy = new ByteArrayOutputStream();
      bytes.writeTo(copy);
      assertArrayEquals(naive.toByteArray(), copy.toByteArray(), "round " + round);
    }
  }

  @Test
  void aWriteOutsideItsArrayIsRefused() {
    GrowableBytes bytes = new GrowableBytes(8);
    assertThrows(IndexOutOfBoundsException.class, () -> bytes.write(new byte[4], 2, 3));
    assertEquals(0, bytes.size());
  }
}
