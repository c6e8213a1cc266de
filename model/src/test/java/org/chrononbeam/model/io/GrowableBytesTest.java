package org.chrononbeam.model.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.util.Arrays;
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
      assertArrayEquals(naive.toByteArray(), bytes.input().readAllBytes(), "round " + round);
      GrowableBytes read = new GrowableBytes(random.nextInt(4));
      read.write(7);
      read.readFully(new DataInputStream(bytes.input()), bytes.size());
      assertEquals(7, read.toByteArray()[0]);
      assertArrayEquals(naive.toByteArray(),
          Arrays.copyOfRange(read.toByteArray(), 1, read.size()), "round " + round);
    }
  }

  @Test
  void itsIntsAndLongsAreADataOutputStreamsAndReadBackAsADataInputStreamReadsThem()
      throws Exception {
    Random random = new Random(5);
    for (int round = 0; round < 200; round++) {
      GrowableBytes bytes = new GrowableBytes(random.nextInt(12));
      ByteArrayOutputStream naiveBytes = new ByteArrayOutputStream();
      DataOutputStream naive = new DataOutputStream(naiveBytes);
      for (int i = random.nextInt(40); i > 0; i--) {
        int pick = random.nextInt(4);
        long v = pick == 0 ? Long.MIN_VALUE : pick == 1 ? -1 : random.nextLong();
        if (random.nextBoolean()) {
          bytes.writeLong(v);
          naive.writeLong(v);
        } else {
          bytes.writeInt((int) v);
          naive.writeInt((int) v);
        }
        if (random.nextInt(4) == 0) {
          bytes.write(i);
          naive.write(i);
        }
      }
      assertArrayEquals(naiveBytes.toByteArray(), bytes.toByteArray(), "round " + round);
      BytesInput in = bytes.input();
      DataInputStream naiveIn = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
      while (naiveIn.available() > 0) {
        int pick = random.nextInt(3);
        if (pick == 0 && naiveIn.available() >= Long.BYTES) {
          assertEquals(naiveIn.readLong(), in.readLong());
        } else if (pick == 1 && naiveIn.available() >= Integer.BYTES) {
          assertEquals(naiveIn.readInt(), in.readInt());
        } else {
          byte[] block = new byte[random.nextInt(naiveIn.available() + 1)];
          byte[] naiveBlock = new byte[block.length];
          in.readFully(block);
          naiveIn.readFully(naiveBlock);
          assertArrayEquals(naiveBlock, block);
        }
      }
      assertThrows(EOFException.class, in::readInt);
      assertThrows(EOFException.class, in::readLong);
      assertThrows(EOFException.class, () -> in.readFully(new byte[1]));
    }
    GrowableBytes three = new GrowableBytes(0);
    three.write(new byte[3], 0, 3);
    assertThrows(EOFException.class, () -> three.input().readInt());
    assertEquals(3, three.input().available());
  }

  @Test
  void aWriteOutsideItsArrayIsRefused() {
    GrowableBytes bytes = new GrowableBytes(8);
    assertThrows(IndexOutOfBoundsException.class, () -> bytes.write(new byte[4], 2, 3));
    assertEquals(0, bytes.size());
    assertThrows(EOFException.class,
        () -> bytes.readFully(new DataInputStream(new ByteArrayInputStream(new byte[2])), 3));
  }

  @Test
  void itsInputReadsByteAfterByteAndInBlocks() throws Exception {
    GrowableBytes bytes = new GrowableBytes(2);
    bytes.write(new byte[] {-1, 0, 5, 6, 7}, 0, 5);
    InputStream in = bytes.input();
    assertEquals(5, in.available());
    assertEquals(255, in.read());
    byte[] block = new byte[8];
    assertEquals(0, in.read(block, 0, 0));
    assertEquals(4, in.read(block, 2, 6));
    assertArrayEquals(new byte[] {0, 0, 0, 5, 6, 7, 0, 0}, block);
    assertEquals(-1, in.read());
    assertEquals(-1, in.read(block, 0, 1));
  }
}
