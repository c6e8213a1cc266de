package org.chrononbeam.aggregator.ops;

import java.io.IOException;
import org.apache.avro.io.Decoder;
import org.apache.avro.io.Encoder;
import org.chrononbeam.api.DataKind;

/**
 * How FIRST, LAST, FIRST_K and LAST_K hold a value of an integral, boolean or floating kind in a
 * {@code long} when they write and read IRs without boxing: an integral value as itself, a boolean
 * as 0 or 1, a floating value as the raw bits of its double.
 */
final class PrimitiveForm {

  private final DataKind kind;

  /** The form of values of {@code kind}, which must be one {@link #accepts} accepts. */
  PrimitiveForm(DataKind kind) {
    if (!accepts(kind)) {
      throw new IllegalArgumentException("not integral, boolean or floating: " + kind);
    }
    this.kind = kind;
  }

  /** Whether {@code kind} is integral, boolean or floating. */
  static boolean accepts(DataKind kind) {
    return DataTypes.isNumeric(kind) || kind == DataKind.BOOLEAN;
  }

  /** Whether values are floating, held as the raw bits of their double. */
  boolean floating() {
    return DataTypes.isFloating(kind);
  }

  /** The form of {@code input}, a boxed value of the kind (a boolean or a number). */
  long of(Object input) {
    return floating()
        ? Double.doubleToRawLongBits(((Number) input).doubleValue())
        : LongSumAggregator.longOf(input);
  }

  /** The value held in {@code value}, boxed as values of the kind are. */
  Object boxed(long value) {
    if (floating()) {
      return DataTypes.floatingOf(Double.longBitsToDouble(value), kind);
    }
    return kind == DataKind.BOOLEAN ? (Object) (value != 0) : DataTypes.integralOf(value, kind);
  }

  /**
   * Reads a value of the kind's Avro schema ({@link AvroForm#schemaOf}) into its form, as {@link
   * #of} takes what {@link AvroForm#fromAvro} makes of the generic value.
   */
  long read(Decoder in) throws IOException {
    switch (kind) {
      case BOOLEAN:
        return in.readBoolean() ? 1 : 0;
      case BYTE:
        return (byte) in.readInt();
      case SHORT:
        return (short) in.readInt();
      case INT:
        return in.readInt();
      case LONG:
        return in.readLong();
      case FLOAT:
        return Double.doubleToRawLongBits(in.readFloat());
      default:
        return Double.doubleToRawLongBits(in.readDouble());
    }
  }

  /** Writes {@code value} as Avro's generic writer writes {@link AvroForm#toAvro} of its box. */
  void write(long value, Encoder out) throws IOException {
    switch (kind) {
      case BOOLEAN:
        out.writeBoolean(value != 0);
        break;
      case BYTE:
      case SHORT:
      case INT:
        out.writeInt((int) value);
        break;
      case LONG:
        out.writeLong(value);
        break;
      case FLOAT:
        out.writeFloat((float) Double.longBitsToDouble(value));
        break;
      default:
        out.writeDouble(Double.longBitsToDouble(value));
    }
  }
}
