package org.chrononbeam.model.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The JSON decoder's fast path ({@link StreamDecoder#decodeInsertValues}) against its reference,
 * {@link StreamDecoder#decode}, on random messages: whenever the fast path answers, decode gives
 * an insert of the same values; whenever decode refuses a message, the fast path does not answer
 * (so the caller gets decode's reason); and the fast path takes the plain messages.
 */
class JsonRowReaderTest {

  private static final Schema SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "Event", "fields": [
        {"name": "user", "type": "string"},
        {"name": "amount", "type": ["null", "double"], "default": null},
        {"name": "qty", "type": ["null", "int"], "default": null},
        {"name": "ratio", "type": ["null", "float"], "default": null},
        {"name": "flag", "type": ["null", "boolean"], "default": null},
        {"name": "color", "type": ["null", {"type": "enum", "name": "Color",
            "symbols": ["RED", "GREEN"]}], "default": null},
        {"name": "day", "type": ["null", {"type": "int", "logicalType": "date"}], "default": null},
        {"name": "ts", "type": "long"}]}""");

  private static final String[] NAMES =
      {"user", "amount", "qty", "ratio", "flag", "color", "day", "ts", "extra", "before"};

  /** Random JSON values, right and wrong types alike, as text. */
  private static final String[] VALUES = {
    "null", "0", "-7", "42", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
    "9223372036854775808", "1.5", "-0.0", "1e3", "3.4e39", "1e400", "true", "false", "\"u1\"",
    "\"\"", "\"RED\"", "\"BLUE\"", "\"2024-01-31\"", "\"caf\\u00e9 \\\"q\\\"\"", "[1, 2]",
    "{\"a\": {\"b\": [null]}}"
  };

  @Test
  void theFastPathGivesDecodesValuesOrLeavesTheMessageToIt() {
    StreamDecoder decoder = StreamFormat.JSON.decoder(SCHEMA);
    Random random = new Random(42L);
    int fast = 0;
    int plain = 0;
    for (int n = 0; n < 20_000; n++) {
      boolean isPlain = random.nextInt(3) == 0;
      String message = isPlain ? plainMessage(random) : randomMessage(random);
      Object[] values = decoder.decodeInsertValues(message.getBytes(StandardCharsets.UTF_8));
      Mutation reference;
      try {
        reference = decoder.decode(message.getBytes(StandardCharsets.UTF_8));
      } catch (DecodeException e) {
        assertNull(values, () -> message + " is refused by decode but not by the fast path");
        continue;
      }
      if (isPlain) {
        plain++;
        assertNotNull(values, () -> "the fast path does not take plain " + message);
      }
      if (values != null) {
        fast++;
        assertTrue(reference.isInsert(), message);
        assertArrayEquals(values(reference.after()), values, message);
      }
    }
    assertTrue(fast >= plain && plain > 5_000, fast + " fast of " + plain + " plain");
  }

  /**
   * Plain messages in varied layouts and number forms, and the same with random bytes inserted,
   * deleted or replaced (structure, escapes, non-ASCII and invalid UTF-8 bytes, control
   * characters): the fast path never answers where decode refuses, nor differs from it.
   */
  @Test
  void editedMessagesGiveDecodesValuesOrAreLeftToIt() {
    StreamDecoder decoder = StreamFormat.JSON.decoder(SCHEMA);
    Random random = new Random(7L);
    int fast = 0;
    for (int n = 0; n < 100_000; n++) {
      byte[] message = edit(layout(plainMessage(random), random), random);
      Object[] values = decoder.decodeInsertValues(message);
      Mutation reference;
      try {
        reference = decoder.decode(message);
      } catch (DecodeException e) {
        assertNull(values, () -> show(message) + " is refused by decode but not by the fast path");
        continue;
      }
      if (values != null) {
        fast++;
        assertTrue(reference.isInsert(), show(message));
        assertArrayEquals(values(reference.after()), values, show(message));
      }
    }
    assertTrue(fast > 20_000, fast + " taken by the fast path");
  }

  private static final String[] NUMBERS = {
    "0", "-0", "7", "-7", "0.5", "-0.0", "1e3", "1E3", "1e+3", "1e-3", "2.5E-3", "10.0",
    "123456789012345678", "1234567890123456789", "-9223372036854775808", "9223372036854775807",
    "9223372036854775808", "-9223372036854775809", "2147483647", "-2147483648", "2147483648",
    "4.9e-324", "1.7976931348623157e308", "1e309", "3.4028235e38", "3.5e38", "1.0000000000000001",
    "01", "-", "1.", ".5", "+1", "1e", "1e+", "0x10", "NaN", "Infinity", "-Infinity", "1_000"
  };

  private static final String[] BYTES = {
    "{", "}", "[", "]", "\"", ",", ":", " ", "\t", "\n", "\r", "\\", "\\u0041", "\\n", "e", "E",
    ".", "-", "+", "0", "9", "t", "n", "null", "true", "x", "\u00e9", "\u2603", "\0", "\u007f"
  };

  /** {@code message} with random whitespace around its tokens and numbers of every form. */
  private static String layout(String message, Random random) {
    StringBuilder out = new StringBuilder();
    String[] ws = {"", " ", "\t", "\n", "\r\n", "  "};
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      if (c == ' ' || c == ':' || c == ',') {
        out.append(c == ' ' ? "" : c).append(ws[random.nextInt(ws.length)]);
      } else if (Character.isDigit(c) && (i == 0 || "-0123456789.Ee".indexOf(message.charAt(i - 1)) < 0)
          && random.nextInt(3) == 0) {
        int end = i;
        while (end < message.length() && "-+0123456789.Ee".indexOf(message.charAt(end)) >= 0) {
          end++;
        }
        out.append(NUMBERS[random.nextInt(NUMBERS.length)]);
        i = end - 1;
      } else {
        out.append(c);
      }
    }
    return ws[random.nextInt(ws.length)] + out + ws[random.nextInt(ws.length)];
  }

  /** The UTF-8 of {@code message}, half the time with a few random edits of its bytes. */
  private static byte[] edit(String message, Random random) {
    byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
    if (random.nextBoolean()) {
      return bytes;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      out.reset();
      int at = random.nextInt(bytes.length + 1);
      out.write(bytes, 0, at);
      int kind = random.nextInt(4);
      if (kind == 0) {
        out.writeBytes(new byte[] {(byte) (0x80 + random.nextInt(0x80))});
      } else if (kind < 3) {
        out.writeBytes(BYTES[random.nextInt(BYTES.length)].getBytes(StandardCharsets.UTF_8));
      }
      int skip = kind == 1 ? 0 : Math.min(bytes.length - at, random.nextInt(2));
      out.write(bytes, at + skip, bytes.length - at - skip);
      bytes = out.toByteArray();
    }
    return bytes;
  }

  private static String show(byte[] message) {
    return new String(message, StandardCharsets.ISO_8859_1);
  }

  @Test
  void malformedMessagesAreLeftToDecode() {
    StreamDecoder decoder = StreamFormat.JSON.decoder(SCHEMA);
    for (String message : List.of("", "[]", "42", "{", "{\"user\": \"u\", \"ts\": 1} x",
        "{\"user\": \"u\", \"ts\": 1, \"ts\": 2}", "{\"before\": null, \"after\": null}",
        "{\"user\": \"u\"}", "{\"user\": null, \"ts\": 1}")) {
      assertNull(decoder.decodeInsertValues(message.getBytes(StandardCharsets.UTF_8)), message);
    }
    assertArrayEquals(new Object[] {"u", 2.5, 3, null, null, "RED", null, 1L},
        decoder.decodeInsertValues(("{\"user\": \"u\", \"amount\": 2.5, \"qty\": 3,"
            + " \"color\": \"RED\", \"ts\": 1}").getBytes(StandardCharsets.UTF_8)));
  }

  /** An object of well-typed values, some fields missing or null, unknown fields among them. */
  private static String plainMessage(Random random) {
    List<String> fields = new ArrayList<>();
    fields.add("\"user\": \"u" + random.nextInt(100) + "\"");
    fields.add("\"ts\": " + (random.nextBoolean() ? random.nextLong() : random.nextInt()));
    String[] optional = {
      "\"amount\": " + (random.nextBoolean() ? random.nextInt(1000) : random.nextDouble() * 1e6),
      "\"qty\": " + (random.nextInt(4) - 2),
      "\"ratio\": " + random.nextGaussian(),
      "\"flag\": " + random.nextBoolean(),
      "\"color\": " + (random.nextBoolean() ? "\"RED\"" : "\"GREEN\""),
      "\"extra\": {\"nested\": [1, {\"x\": null}]}"
    };
    for (String field : optional) {
      int choice = random.nextInt(3);
      if (choice == 0) {
        fields.add(field);
      } else if (choice == 1 && !field.startsWith("\"extra\"")) {
        fields.add(field.substring(0, field.indexOf(':')) + ": null");
      }
    }
    Collections.shuffle(fields, random);
    return "{" + String.join(", ", fields) + "}";
  }

  /** Any object of random fields and values, sometimes cut short or followed by more text. */
  private static String randomMessage(Random random) {
    StringBuilder message = new StringBuilder("{");
    int count = random.nextInt(9);
    for (int i = 0; i < count; i++) {
      message.append(i == 0 ? "" : ", ").append('"').append(NAMES[random.nextInt(NAMES.length)])
          .append("\": ").append(VALUES[random.nextInt(VALUES.length)]);
    }
    message.append('}');
    return switch (random.nextInt(10)) {
      case 0 -> message.substring(0, random.nextInt(message.length()));
      case 1 -> message + (random.nextBoolean() ? " {}" : " x");
      default -> message.toString();
    };
  }

  private static Object[] values(GenericRecord record) {
    Object[] values = new Object[record.getSchema().getFields().size()];
    for (int i = 0; i < values.length; i++) {
      Object v = record.get(i);
      values[i] = v instanceof CharSequence || v instanceof GenericData.EnumSymbol ? v.toString() : v;
    }
    return values;
  }
}
