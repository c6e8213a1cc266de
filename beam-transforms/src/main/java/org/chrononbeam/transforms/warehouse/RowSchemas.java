package org.chrononbeam.transforms.warehouse;

import static org.chrononbeam.transforms.warehouse.PartitionDates.DS;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The two schemas of a table: the <em>row schema</em> pipelines see (the stored columns, then
 * {@code ds} as a string) and the <em>file schema</em> stored in Parquet (the same without {@code
 * ds}).
 */
final class RowSchemas {

  private RowSchemas() {}

  /** The row schema of rows stored with {@code fileSchema}: {@code ds} (string) appended last. */
  static Schema withDs(Schema fileSchema) {
    List<Schema.Field> fields = copyFieldsExceptDs(fileSchema);
    fields.add(
        new Schema.Field(DS, Schema.create(Schema.Type.STRING), "partition date, yyyy-MM-dd"));
    return record(fileSchema, fields);
  }

  /** The file schema of rows of {@code rowSchema}: all but {@code ds}. */
  static Schema withoutDs(Schema rowSchema) {
    return record(rowSchema, copyFieldsExceptDs(rowSchema));
  }

  /** Whether {@code schema} is a record with a string (or nullable string) {@code ds} column. */
  static boolean hasStringDs(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD || schema.getField(DS) == null) {
      return false;
    }
    Schema ds = schema.getField(DS).schema();
    if (ds.getType() == Schema.Type.UNION) {
      return ds.getTypes().stream()
          .allMatch(t -> t.getType() == Schema.Type.STRING || t.getType() == Schema.Type.NULL);
    }
    return ds.getType() == Schema.Type.STRING;
  }

  /**
   * A record of {@code target} holding {@code source}'s values of the same names; columns {@code
   * source} lacks are null.
   */
  static GenericRecord project(GenericRecord source, Schema target) {
    return Projection.of(source.getSchema(), target).apply(source);
  }

  /**
   * {@link #project} from one source schema to one target schema with the field positions matched
   * by name once, so that projecting a row does no name lookup.
   */
  static final class Projection {
    private final Schema source;
    private final Schema target;
    /** Per field of {@code target}, the position of the same name in {@code source}, or -1. */
    private final int[] from;

    private Projection(Schema source, Schema target, int[] from) {
      this.source = source;
      this.target = target;
      this.from = from;
    }

    /** Matches the fields of {@code target} with those of {@code source} by name. */
    static Projection of(Schema source, Schema target) {
      List<Schema.Field> fields = target.getFields();
      int[] from = new int[fields.size()];
      for (int i = 0; i < from.length; i++) {
        Schema.Field field = source.getField(fields.get(i).name());
        from[i] = field == null ? -1 : field.pos();
      }
      return new Projection(source, target, from);
    }

    /** This projection if its source schema is {@code schema}, else one from {@code schema}. */
    Projection from(Schema schema) {
      return schema == source || schema.equals(source) ? this : of(schema, target);
    }

    /**
     * Whether each field of the target is the source's field at the same position, so that a row of
     * the source, read by position, reads as a row of the target (the source may have more fields
     * after them, such as a trailing {@code ds}).
     */
    boolean isPrefix() {
      for (int i = 0; i < from.length; i++) {
        if (from[i] != i) {
          return false;
        }
      }
      return true;
    }

    /** A record of the target schema holding {@code row}'s values (a row of the source schema). */
    GenericData.Record apply(GenericRecord row) {
      GenericData.Record copy = new GenericData.Record(target);
      for (int i = 0; i < from.length; i++) {
        if (from[i] >= 0) {
          copy.put(i, row.get(from[i]));
        }
      }
      return copy;
    }
  }

  private static List<Schema.Field> copyFieldsExceptDs(Schema schema) {
    if (schema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("a table's rows are Avro records, not " + schema);
    }
    List<Schema.Field> fields = new ArrayList<>();
    for (Schema.Field field : schema.getFields()) {
      if (!field.name().equals(DS)) {
        fields.add(new Schema.Field(field, field.schema()));
      }
    }
    return fields;
  }

  private static Schema record(Schema like, List<Schema.Field> fields) {
    return Schema.createRecord(like.getName(), like.getDoc(), like.getNamespace(), false, fields);
  }
}
