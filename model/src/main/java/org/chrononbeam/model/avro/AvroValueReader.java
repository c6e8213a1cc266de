package org.chrononbeam.model.avro;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.FastReaderBuilder;

/**
 * Reads values of one Avro schema from binary, through a reader planned once for the schema: the
 * same objects {@code GenericDatumReader} returns for that schema (boxed primitives, {@code
 * GenericData.Record}, {@code GenericData.Array}, {@code Utf8}, {@code ByteBuffer}), without its
 * per-call schema resolution. Primitives and unions are read directly; records, arrays, maps,
 * strings and bytes by Avro's {@link FastReaderBuilder}. {@link #skip} passes over a value without
 * building it. Thread-safe.
 *
 * <p>For codecs that read a record field by field straight into their own objects:
 *
 * <pre>{@code
 * AvroValueReader price = AvroValueReader.of(AvroTypes.nullable(Schema.create(Schema.Type.DOUBLE)));
 * Object[] tsAndPrice = AvroValueReader.decode(schema, bytes,
 *     in -> new Object[] {in.readLong(), price.read(in)});   // price null for the null branch
 * }</pre>
 */
public final class AvroValueReader {

  /** How one value is read. */
  @FunctionalInterface
  private interface Step {
    Object read(Decoder in) throws IOException;
  }

  /** How one value is passed over. */
  @FunctionalInterface
  private interface Skip {
    void skip(Decoder in) throws IOException;
  }

  private final Schema schema;
  private final Step step;
  private final Skip skip;
  /**
   * {@link #skip} as a {@link BinaryCursor#skip program} when the schema has no arrays or maps,
   * else null.
   */
  private final int[] skipProgram;

  private AvroValueReader(Schema schema, Step step, Skip skip, int[] skipProgram) {
    this.schema = schema;
    this.step = step;
    this.skip = skip;
    this.skipProgram = skipProgram;
  }

  /**
   * The reader of {@code schema}'s values.
   *
   * @throws IllegalArgumentException if Avro cannot plan a reader for the schema
   */
  public static AvroValueReader of(Schema schema) {
    List<Integer> program = new ArrayList<>();
    boolean flat = addSkipProgram(schema, program);
    return new AvroValueReader(schema, stepOf(schema), skipOf(schema),
        flat ? program.stream().mapToInt(Integer::intValue).toArray() : null);
  }

  /** Reads something from a decoder. */
  @FunctionalInterface
  public interface Reading<T> {
    /** Reads from {@code in}. */
    T read(Decoder in) throws IOException;
  }

  /**
   * What {@code reading} reads from all of {@code bytes}, Avro binary of a {@code schema} value,
   * through a decoder over the array itself ({@code BinaryCursor}), set up for nothing else.
   *
   * @throws IllegalArgumentException naming the schema when the bytes end early, do not hold such
   *     a value or have bytes left over
   */
  public static <T> T decode(Schema schema, byte[] bytes, Reading<T> reading) {
    BinaryCursor in = new BinaryCursor(bytes);
    T value;
    try {
      value = reading.read(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          "not a " + schema.getFullName() + " (" + bytes.length + " bytes): " + e, e);
    }
    if (!in.atEnd()) {
      throw new IllegalArgumentException(
          "not a " + schema.getFullName() + ": " + bytes.length + " bytes, trailing data");
    }
    return value;
  }

  /**
   * How many bytes Avro binary's zig-zag varint of {@code value} takes (1 to 10): what a reader
   * passes over for an {@code int} or {@code long}, or for the length before a string's bytes.
   */
  public static int longSize(long value) {
    long zigZag = (value << 1) ^ (value >> 63);
    return Math.max(1, (70 - Long.numberOfLeadingZeros(zigZag)) / 7);
  }

  /** The schema read. */
  public Schema schema() {
    return schema;
  }

  /** Reads the next value of the schema from {@code in}. */
  public Object read(Decoder in) throws IOException {
    return step.read(in);
  }

  /** Passes over the next value of the schema in {@code in}, building nothing. */
  public void skip(Decoder in) throws IOException {
    if (skipProgram != null && in instanceof BinaryCursor cursor) {
      cursor.skip(skipProgram, 0, skipProgram.length);
    } else {
      skip.skip(in);
    }
  }

  /**
   * Appends to {@code program} the {@link BinaryCursor#skip} steps that pass over a value of
   * {@code schema}; false (leaving {@code program} in any state) when it has arrays or maps.
   */
  private static boolean addSkipProgram(Schema schema, List<Integer> program) {
    switch (schema.getType()) {
      case NULL:
        return true;
      case BOOLEAN:
        return program.addAll(List.of(BinaryCursor.SKIP_FIXED, 1));
      case FLOAT:
        return program.addAll(List.of(BinaryCursor.SKIP_FIXED, 4));
      case DOUBLE:
        return program.addAll(List.of(BinaryCursor.SKIP_FIXED, 8));
      case FIXED:
        return program.addAll(List.of(BinaryCursor.SKIP_FIXED, schema.getFixedSize()));
      case INT:
      case LONG:
      case ENUM:
        return program.add(BinaryCursor.SKIP_VARINT);
      case STRING:
      case BYTES:
        return program.add(BinaryCursor.SKIP_SIZED);
      case RECORD:
        for (Schema.Field field : schema.getFields()) {
          if (!addSkipProgram(field.schema(), program)) {
            return false;
          }
        }
        return true;
      case UNION:
        List<Schema> branches = schema.getTypes();
        if (branches.size() == 2 && branches.get(0).getType() == Schema.Type.NULL) {
          List<Integer> present = new ArrayList<>();
          if (!addSkipProgram(branches.get(1), present)) {
            return false;
          }
          if (present.equals(List.of(BinaryCursor.SKIP_VARINT))) {
            return program.add(BinaryCursor.SKIP_NULL_OR_VARINT);
          }
          if (present.size() == 2 && present.get(0) == BinaryCursor.SKIP_FIXED) {
            return program.addAll(List.of(BinaryCursor.SKIP_NULL_OR_FIXED, present.get(1)));
          }
        }
        int start = program.size();
        program.addAll(List.of(BinaryCursor.SKIP_UNION, branches.size()));
        for (int b = 0; b < branches.size(); b++) {
          program.add(0);
        }
        List<Integer> jumps = new ArrayList<>();
        for (int b = 0; b < branches.size(); b++) {
          program.set(start + 2 + b, program.size());
          if (!addSkipProgram(branches.get(b), program)) {
            return false;
          }
          if (b < branches.size() - 1) {
            jumps.add(program.size() + 1);
            program.addAll(List.of(BinaryCursor.SKIP_JUMP, 0));
          }
        }
        for (int jump : jumps) {
          program.set(jump, program.size());
        }
        return true;
      default:
        return false;
    }
  }

  private static Step stepOf(Schema schema) {
    switch (schema.getType()) {
      case NULL:
        return in -> {
          in.readNull();
          return null;
        };
      case BOOLEAN:
        return Decoder::readBoolean;
      case INT:
        return Decoder::readInt;
      case LONG:
        return Decoder::readLong;
      case FLOAT:
        return Decoder::readFloat;
      case DOUBLE:
        return Decoder::readDouble;
      case UNION:
        List<Schema> branches = schema.getTypes();
        Step[] steps = new Step[branches.size()];
        for (int i = 0; i < steps.length; i++) {
          steps[i] = stepOf(branches.get(i));
        }
        return in -> steps[branch(in, steps.length)].read(in);
      default:
        DatumReader<Object> reader;
        try {
          reader = FastReaderBuilder.get().createDatumReader(schema);
        } catch (IOException e) {
          throw new UncheckedIOException("no reader for " + schema, e);
        }
        return in -> reader.read(null, in);
    }
  }

  private static Skip skipOf(Schema schema) {
    switch (schema.getType()) {
      case NULL:
        return Decoder::readNull;
      case BOOLEAN:
        return Decoder::readBoolean;
      case INT:
        return Decoder::readInt;
      case LONG:
        return Decoder::readLong;
      case FLOAT:
        return in -> in.skipFixed(4);
      case DOUBLE:
        return in -> in.skipFixed(8);
      case STRING:
        return Decoder::skipString;
      case BYTES:
        return Decoder::skipBytes;
      case ENUM:
        return Decoder::readEnum;
      case FIXED:
        int size = schema.getFixedSize();
        return in -> in.skipFixed(size);
      case RECORD:
        List<Schema.Field> fields = schema.getFields();
        Skip[] skips = new Skip[fields.size()];
        for (int i = 0; i < skips.length; i++) {
          skips[i] = skipOf(fields.get(i).schema());
        }
        return in -> {
          for (Skip field : skips) {
            field.skip(in);
          }
        };
      case ARRAY:
        Skip element = skipOf(schema.getElementType());
        return in -> {
          for (long n = in.skipArray(); n > 0; n = in.skipArray()) {
            for (long i = 0; i < n; i++) {
              element.skip(in);
            }
          }
        };
      case MAP:
        Skip value = skipOf(schema.getValueType());
        return in -> {
          for (long n = in.skipMap(); n > 0; n = in.skipMap()) {
            for (long i = 0; i < n; i++) {
              in.skipString();
              value.skip(in);
            }
          }
        };
      case UNION:
        List<Schema> branches = schema.getTypes();
        Skip[] branchSkips = new Skip[branches.size()];
        for (int i = 0; i < branchSkips.length; i++) {
          branchSkips[i] = skipOf(branches.get(i));
        }
        return in -> branchSkips[branch(in, branchSkips.length)].skip(in);
      default:
        throw new IllegalArgumentException("cannot skip values of " + schema);
    }
  }

  /** The union branch index read from {@code in}, checked against the {@code count} branches. */
  private static int branch(Decoder in, int count) throws IOException {
    int branch = in.readIndex();
    if (branch < 0 || branch >= count) {
      throw new IOException("union branch " + branch + " of " + count);
    }
    return branch;
  }
}
