package org.chrononbeam.transforms.source;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.chrononbeam.aggregator.window.ValueSink;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.expressions.RowSchema;

/**
 * Rows of one {@link RowSchema} stored column by column: integral, boolean, date and timestamp
 * columns in a {@code long[]}, {@code float} and {@code double} columns in a {@code double[]},
 * the other kinds (strings, binaries, lists, maps, structs) as their in-memory objects, and a null
 * flag per value. Adding a row unboxes its numbers once; {@link #getLong} and {@link #getDouble}
 * then read them without boxing, {@link #get} boxes them back into the classes {@link ValuesCoder}
 * decodes ({@code Integer} for {@code INT}, {@code Float} for {@code FLOAT}, …).
 *
 * <pre>{@code
 * RowChunk chunk = RowChunk.of(schema);
 * chunk.add(row);                       // Object[] laid out by schema
 * int[] order = chunk.timeOrder(tsIndex);
 * double price = chunk.getDouble(priceIndex, order[0]);
 * }</pre>
 *
 * <p>It is the unit the join backfill shuffles: one key's rows of a bundle travel as one chunk
 * ({@link RowChunkCoder}). It is not thread-safe.
 */
public final class RowChunk {

  /** Compares two rows of a chunk, given by index. */
  @FunctionalInterface
  public interface RowComparator {
    /** Negative, zero or positive as row {@code a} comes before, with or after row {@code b}. */
    int compare(int a, int b);
  }

  /** How a column's values are stored. */
  enum Storage {
    LONG,
    DOUBLE,
    OBJECT
  }

  private static final int INITIAL_CAPACITY = 2;

  private final RowSchema schema;
  private final DataKind[] kinds;
  private final Storage[] storage;
  private final long[][] longs;
  private final double[][] doubles;
  private final Object[][] objects;
  private final boolean[][] nulls;
  private int size;
  /**
   * While the chunk is not decoded: its encoding by {@link #decoder} ({@link RowChunkCoder}), which
   * the first access to its values decodes. A chunk a stage only passes on (the runner's shuffle
   * decodes and encodes each element several times) is then encoded again by copying the bytes.
   */
  private byte[] encoded;

  private RowChunkCoder decoder;

  private RowChunk(RowSchema schema, int capacity) {
    this(schema, kindsOf(schema), null, capacity);
  }

  /**
   * A chunk sharing {@code kinds} and {@code storage} (never modified; null to derive it) with
   * other chunks of {@code schema}.
   */
  private RowChunk(RowSchema schema, DataKind[] kinds, Storage[] storage, int capacity) {
    this.schema = schema;
    this.kinds = kinds;
    this.storage = storage != null ? storage : storageOf(kinds);
    int width = kinds.length;
    longs = new long[width][];
    doubles = new double[width][];
    objects = new Object[width][];
    nulls = new boolean[width][];
    for (int c = 0; c < width; c++) {
      switch (this.storage[c]) {
        case LONG -> longs[c] = new long[capacity];
        case DOUBLE -> doubles[c] = new double[capacity];
        default -> objects[c] = new Object[capacity];
      }
      nulls[c] = new boolean[capacity];
    }
  }

  /** An empty chunk of rows of {@code schema}. */
  public static RowChunk of(RowSchema schema) {
    return new RowChunk(schema, INITIAL_CAPACITY);
  }

  /**
   * A chunk of {@code rows} rows of {@code schema} for a reader to fill in through the column
   * arrays, as {@link #extend} leaves them.
   */
  static RowChunk ofRows(RowSchema schema, int rows) {
    RowChunk chunk = new RowChunk(schema, Math.max(rows, 1));
    chunk.size = rows;
    return chunk;
  }

  /** A chunk of {@code rows} rows of {@code schema} whose values are all null. */
  public static RowChunk nulls(RowSchema schema, int rows) {
    RowChunk chunk = new RowChunk(schema, Math.max(rows, 1));
    for (boolean[] column : chunk.nulls) {
      Arrays.fill(column, 0, rows, true);
    }
    chunk.size = rows;
    return chunk;
  }

  /**
   * The rows of {@code parts} (all of the same size) side by side, as rows of {@code schema} (the
   * first part's columns, then the next's, …): a view sharing their column arrays, nothing copied.
   * None may be changed after.
   */
  public static RowChunk sideBySide(RowSchema schema, RowChunk... parts) {
    int size = parts[0].size;
    RowChunk[] from = new RowChunk[schema.size()];
    int[] columns = new int[schema.size()];
    int c = 0;
    for (RowChunk part : parts) {
      part.decodeIfEncoded();
      if (part.size != size || c + part.kinds.length > columns.length) {
        throw new IllegalArgumentException(
            "chunks of " + part.size + " and " + size + " rows do not make rows of " + schema);
      }
      for (int column = 0; column < part.kinds.length; column++, c++) {
        from[c] = part;
        columns[c] = column;
      }
    }
    if (c != columns.length) {
      throw new IllegalArgumentException("the chunks' columns do not make rows of " + schema);
    }
    return view(schema, from, columns, size);
  }

  /**
   * Rows of {@code schema} whose column {@code i} is column {@code columns[i]} of {@code from[i]}
   * (chunks of the same size; one may give several columns, or none): a view sharing their column
   * arrays, nothing copied. None may be changed after.
   */
  public static RowChunk picked(RowSchema schema, RowChunk[] from, int[] columns) {
    if (from.length != columns.length || columns.length != schema.size()) {
      throw new IllegalArgumentException(
          columns.length + " columns of " + from.length + " chunks do not make rows of " + schema);
    }
    int size = from.length == 0 ? 0 : from[0].size;
    for (RowChunk chunk : from) {
      chunk.decodeIfEncoded();
      if (chunk.size != size) {
        throw new IllegalArgumentException(
            "chunks of " + chunk.size + " and " + size + " rows do not make rows of " + schema);
      }
    }
    return view(schema, from, columns, size);
  }

  /**
   * One chunk of all the rows of {@code chunks} (which are not modified; the only one itself), or
   * null when there are none.
   */
  public static RowChunk merged(Iterable<RowChunk> chunks) {
    RowChunk first = null;
    RowChunk all = null;
    for (RowChunk chunk : chunks) {
      if (first == null) {
        first = chunk;
      } else {
        if (all == null) {
          all = first.emptyCopy();
          all.addAll(first);
        }
        all.addAll(chunk);
      }
    }
    return all != null ? all : first;
  }

  /**
   * Columns {@code columns} of this chunk as rows of {@code schema} (whose column {@code i} is
   * this chunk's column {@code columns[i]}): a view sharing the column arrays, nothing copied. This
   * chunk may not be changed after.
   */
  public RowChunk select(RowSchema schema, int[] columns) {
    decodeIfEncoded();
    RowChunk[] from = new RowChunk[columns.length];
    Arrays.fill(from, this);
    return view(schema, from, columns, size);
  }

  private static RowChunk view(RowSchema schema, RowChunk[] from, int[] columns, int size) {
    int width = columns.length;
    DataKind[] kinds = kindsOf(schema);
    Storage[] storage = storageOf(kinds);
    RowChunk view = new RowChunk(schema, kinds, storage, 0);
    for (int c = 0; c < width; c++) {
      RowChunk source = from[c];
      int column = columns[c];
      if (source.storage[column] != storage[c]) {
        throw new IllegalArgumentException(
            "column " + schema.column(c).name() + " is " + kinds[c] + ", not "
                + source.kinds[column]);
      }
      view.longs[c] = source.longs[column];
      view.doubles[c] = source.doubles[column];
      view.objects[c] = source.objects[column];
      view.nulls[c] = source.nulls[column];
    }
    view.size = size;
    return view;
  }

  /**
   * A sink of finalized values into this chunk: the value of output {@code o} at query {@code q}
   * goes to column {@code o} of row {@code rowOfQuery[q]}, and clears that value's null flag
   * unless it is null. Numbers a caller gives boxed ({@link ValueSink#setObject}) are unboxed into
   * numeric columns.
   */
  public ValueSink sink(int[] rowOfQuery) {
    decodeIfEncoded();
    return new ValueSink() {
      @Override
      public void setNull(int query, int output) {
        nulls[output][rowOfQuery[query]] = true;
      }

      @Override
      public void setLong(int query, int output, long value) {
        int row = rowOfQuery[query];
        if (storage[output] == Storage.DOUBLE) {
          doubles[output][row] = value;
        } else {
          longs[output][row] = value;
        }
        nulls[output][row] = false;
      }

      @Override
      public void setDouble(int query, int output, double value) {
        int row = rowOfQuery[query];
        if (storage[output] == Storage.LONG) {
          longs[output][row] = (long) value;
        } else {
          doubles[output][row] = value;
        }
        nulls[output][row] = false;
      }

      @Override
      public void setObject(int query, int output, Object value) {
        if (value == null) {
          setNull(query, output);
          return;
        }
        int row = rowOfQuery[query];
        switch (storage[output]) {
          case LONG -> longs[output][row] =
              value instanceof Boolean b ? (b ? 1L : 0L) : ((Number) value).longValue();
          case DOUBLE -> doubles[output][row] = ((Number) value).doubleValue();
          default -> objects[output][row] = value;
        }
        nulls[output][row] = false;
      }
    };
  }

  /** The rows at {@code rows}, in that order, as a new chunk. */
  public RowChunk rowsAt(int[] rows) {
    RowChunk chunk = emptyCopy(rows.length);
    chunk.addRows(this, columnsWithNulls(), rows, 0, rows.length);
    return chunk;
  }

  /** Copies every row of this chunk into {@code to} (same schema) from its row {@code first}. */
  void copyTo(RowChunk to, int first) {
    decodeIfEncoded();
    for (int c = 0; c < kinds.length; c++) {
      switch (storage[c]) {
        case LONG -> System.arraycopy(longs[c], 0, to.longColumn(c), first, size);
        case DOUBLE -> System.arraycopy(doubles[c], 0, to.doubleColumn(c), first, size);
        default -> System.arraycopy(objects[c], 0, to.objectColumn(c), first, size);
      }
      System.arraycopy(nulls[c], 0, to.nullColumn(c), first, size);
    }
  }

  /** A new empty chunk of the same schema; cheaper than {@link #of} for many chunks. */
  public RowChunk emptyCopy() {
    return new RowChunk(schema, kinds, storage, INITIAL_CAPACITY);
  }

  /** An empty chunk of the same schema with room for {@code capacity} rows, for decoders. */
  RowChunk emptyCopy(int capacity) {
    return new RowChunk(schema, kinds, storage, Math.max(capacity, 1));
  }

  /**
   * A chunk of the same schema holding {@code rows} rows encoded in {@code body} by {@code decoder},
   * decoded at the first access to its values.
   */
  RowChunk encodedCopy(int rows, byte[] body, RowChunkCoder decoder) {
    RowChunk chunk = new RowChunk(schema, kinds, storage, 0);
    chunk.size = rows;
    chunk.encoded = body;
    chunk.decoder = decoder;
    return chunk;
  }

  /** The encoding of a chunk not decoded yet (see {@link #encodedCopy}), else null. */
  byte[] encoded() {
    return encoded;
  }

  private void decodeIfEncoded() {
    if (encoded != null) {
      decode();
    }
  }

  private void decode() {
    byte[] body = encoded;
    encoded = null;
    decoder.decodeInto(this, body);
    decoder = null;
  }

  /** The schema of the rows. */
  public RowSchema schema() {
    return schema;
  }

  /** The number of rows. */
  public int size() {
    return size;
  }

  /** Appends {@code row}, laid out by the schema (values in their in-memory form). */
  public void add(Object[] row) {
    if (encoded != null) {
      decode();
    }
    if (row.length != kinds.length) {
      throw new IllegalArgumentException(
          "a row of " + row.length + " values does not fit schema " + schema.names());
    }
    ensureCapacity(size + 1);
    for (int c = 0; c < row.length; c++) {
      Object value = row[c];
      if (value == null) {
        nulls[c][size] = true;
        continue;
      }
      switch (storage[c]) {
        case LONG -> longs[c][size] =
            value instanceof Boolean ? ((Boolean) value ? 1L : 0L) : ((Number) value).longValue();
        case DOUBLE -> doubles[c][size] = ((Number) value).doubleValue();
        default -> objects[c][size] = value;
      }
    }
    size++;
  }

  /** Appends every row of {@code other}, which must have the same schema. */
  public void addAll(RowChunk other) {
    if (encoded != null) {
      decode();
    }
    if (other.encoded != null) {
      other.decode();
    }
    if (!other.schema.equals(schema)) {
      throw new IllegalArgumentException(
          "chunks of " + other.schema.names() + " and " + schema.names() + " do not mix");
    }
    ensureCapacity(size + other.size);
    for (int c = 0; c < kinds.length; c++) {
      switch (storage[c]) {
        case LONG -> System.arraycopy(other.longs[c], 0, longs[c], size, other.size);
        case DOUBLE -> System.arraycopy(other.doubles[c], 0, doubles[c], size, other.size);
        default -> System.arraycopy(other.objects[c], 0, objects[c], size, other.size);
      }
      System.arraycopy(other.nulls[c], 0, nulls[c], size, other.size);
    }
    size += other.size;
  }

  /** Per column, whether any of its values is null. */
  boolean[] columnsWithNulls() {
    if (encoded != null) {
      decode();
    }
    boolean[] withNulls = new boolean[kinds.length];
    for (int c = 0; c < kinds.length; c++) {
      for (int r = 0; r < size && !withNulls[c]; r++) {
        withNulls[c] = nulls[c][r];
      }
    }
    return withNulls;
  }

  /**
   * Appends the rows of {@code from} (same schema) at {@code order[start]}, {@code
   * order[start+1]}, …, {@code count} of them, in that order: a gather, column by column. The null
   * flags of a column without nulls in {@code from} ({@code withNulls}, as {@link
   * #columnsWithNulls} gives) are not read.
   */
  void addRows(RowChunk from, boolean[] withNulls, int[] order, int start, int count) {
    if (encoded != null) {
      decode();
    }
    if (from.encoded != null) {
      from.decode();
    }
    ensureCapacity(size + count);
    for (int c = 0; c < kinds.length; c++) {
      if (withNulls[c]) {
        boolean[] fromNulls = from.nulls[c];
        for (int i = 0; i < count; i++) {
          nulls[c][size + i] = fromNulls[order[start + i]];
        }
      }
      switch (storage[c]) {
        case LONG -> {
          long[] fromValues = from.longs[c];
          long[] toValues = longs[c];
          for (int i = 0; i < count; i++) {
            int r = order[start + i];
            toValues[size + i] = fromValues[r];
          }
        }
        case DOUBLE -> {
          double[] fromValues = from.doubles[c];
          double[] toValues = doubles[c];
          for (int i = 0; i < count; i++) {
            int r = order[start + i];
            toValues[size + i] = fromValues[r];
          }
        }
        default -> {
          Object[] fromValues = from.objects[c];
          Object[] toValues = objects[c];
          for (int i = 0; i < count; i++) {
            int r = order[start + i];
            toValues[size + i] = fromValues[r];
          }
        }
      }
    }
    size += count;
  }

  /**
   * Appends {@code count} rows for the caller to fill in through the column arrays ({@link
   * #longColumn} and the like, taken after this call): their null flags start false and their
   * objects null, their numbers are left as they were (set every one that is not null). Returns
   * the index of the first new row.
   */
  int extend(int count) {
    if (encoded != null) {
      decode();
    }
    ensureCapacity(size + count);
    int first = size;
    size += count;
    return first;
  }

  /** Keeps the first {@code rows} rows only (as {@link #clear} keeps none). */
  void truncate(int rows) {
    if (encoded != null) {
      decode();
    }
    for (int c = 0; c < kinds.length; c++) {
      Arrays.fill(nulls[c], rows, size, false);
      if (objects[c] != null) {
        Arrays.fill(objects[c], rows, size, null);
      }
    }
    size = rows;
  }

  /** Empties the chunk, keeping its arrays for the next rows. */
  void clear() {
    truncate(0);
  }

  /** The values of a {@link Storage#LONG} column, as long as the capacity; null for others. */
  long[] longColumn(int column) {
    if (encoded != null) {
      decode();
    }
    return longs[column];
  }

  /** The values of a {@link Storage#DOUBLE} column, as long as the capacity; null for others. */
  double[] doubleColumn(int column) {
    if (encoded != null) {
      decode();
    }
    return doubles[column];
  }

  /** The values of a {@link Storage#OBJECT} column, as long as the capacity; null for others. */
  Object[] objectColumn(int column) {
    if (encoded != null) {
      decode();
    }
    return objects[column];
  }

  /** The null flags of a column, as long as the capacity. */
  boolean[] nullColumn(int column) {
    if (encoded != null) {
      decode();
    }
    return nulls[column];
  }

  /** Whether the value of column {@code column} in row {@code row} is null. */
  public boolean isNull(int column, int row) {
    if (encoded != null) {
      decode();
    }
    return nulls[column][row];
  }

  /**
   * The value of an integral, boolean ({@code 1} for true), date or timestamp column, unboxed;
   * undefined for a null value.
   */
  public long getLong(int column, int row) {
    if (encoded != null) {
      decode();
    }
    if (storage[column] != Storage.LONG) {
      throw new IllegalArgumentException(
          "column " + schema.column(column).name() + " is " + kinds[column] + ", not integral");
    }
    return longs[column][row];
  }

  /** The value of a numeric column as a double, unboxed; undefined for a null value. */
  public double getDouble(int column, int row) {
    if (encoded != null) {
      decode();
    }
    return switch (storage[column]) {
      case DOUBLE -> doubles[column][row];
      case LONG -> longs[column][row];
      default -> throw new IllegalArgumentException(
          "column " + schema.column(column).name() + " is " + kinds[column] + ", not numeric");
    };
  }

  /**
   * The value of a numeric column as a long, as {@link Number#longValue} gives it, unboxed for
   * integral and floating columns; undefined for a null value.
   */
  public long longValue(int column, int row) {
    if (encoded != null) {
      decode();
    }
    return switch (storage[column]) {
      case LONG -> longs[column][row];
      case DOUBLE -> (long) doubles[column][row];
      default -> ((Number) objects[column][row]).longValue();
    };
  }

  /** The value of column {@code column} in row {@code row} in its in-memory form, or null. */
  public Object get(int column, int row) {
    if (encoded != null) {
      decode();
    }
    if (nulls[column][row]) {
      return null;
    }
    return switch (kinds[column]) {
      case BOOLEAN -> longs[column][row] != 0;
      case BYTE -> (byte) longs[column][row];
      case SHORT -> (short) longs[column][row];
      case INT, DATE -> (int) longs[column][row];
      case LONG, TIMESTAMP -> longs[column][row];
      case FLOAT -> (float) doubles[column][row];
      case DOUBLE -> doubles[column][row];
      default -> objects[column][row];
    };
  }

  /**
   * Row {@code row} as an array of its values followed by {@code extra} nulls (room for columns
   * the caller appends).
   */
  public Object[] row(int row, int extra) {
    Object[] values = new Object[kinds.length + extra];
    for (int c = 0; c < kinds.length; c++) {
      values[c] = get(c, row);
    }
    return values;
  }

  /**
   * The rows of each value of column {@code column} (a string column, e.g. a partition's {@code
   * ds}; nulls under null), as indices in ascending order.
   */
  public Map<Object, int[]> rowsByValue(int column) {
    Map<Object, RowIndexes> byValue = new HashMap<>();
    for (int r = 0; r < size(); r++) {
      byValue.computeIfAbsent(get(column, r), v -> new RowIndexes()).add(r);
    }
    Map<Object, int[]> rows = new HashMap<>();
    byValue.forEach((value, indexes) -> rows.put(value, indexes.toArray()));
    return rows;
  }

  /**
   * The rows whose {@code tsColumn} is not null, as indices in time order, rows of equal time in
   * the order of their values ({@link RowOrder#VALUES}: column by column, nulls first).
   */
  public int[] timeOrder(int tsColumn) {
    if (encoded != null) {
      decode();
    }
    long[] ts = longs[tsColumn];
    if (ts == null) {
      ts = new long[size];
      for (int r = 0; r < size; r++) {
        ts[r] = nulls[tsColumn][r] ? 0 : longValue(tsColumn, r);
      }
    }
    int count = 0;
    for (int r = 0; r < size; r++) {
      if (!nulls[tsColumn][r]) {
        count++;
      }
    }
    int[] order = new int[count];
    for (int r = 0, i = 0; r < size; r++) {
      if (!nulls[tsColumn][r]) {
        order[i++] = r;
      }
    }
    return sortedByTime(order, ts);
  }

  /**
   * Rows {@code rows} as indices in time order, a row whose {@code tsColumn} is null (every row
   * when the column is -1) counting as of {@code missingTs}; rows of equal time in the order of
   * their values, as {@link #timeOrder(int)} orders them.
   */
  public int[] timeOrder(int tsColumn, long missingTs, int[] rows) {
    decodeIfEncoded();
    long[] ts = new long[size];
    for (int r : rows) {
      ts[r] = tsColumn < 0 || nulls[tsColumn][r] ? missingTs : longValue(tsColumn, r);
    }
    return sortedByTime(rows.clone(), ts);
  }

  /**
   * Rows {@code rows} as indices ordered by {@code first}, rows it finds equal in the order of
   * their values, as {@link #timeOrder(int)} orders rows of equal time; {@code rows} is not
   * modified.
   */
  public int[] orderBy(int[] rows, RowComparator first) {
    decodeIfEncoded();
    return sorted(rows.clone(), first);
  }

  /** Sorts {@code order} (row indices) by {@code ts} (per row) then values; returns it. */
  private int[] sortedByTime(int[] order, long[] ts) {
    return sorted(order, (a, b) -> Long.compare(ts[a], ts[b]));
  }

  /** Sorts {@code order} (row indices) by {@code first} then values; returns it. */
  private int[] sorted(int[] order, RowComparator first) {
    boolean sorted = true;
    for (int i = 1; i < order.length && sorted; i++) {
      sorted = compare(first, order[i - 1], order[i]) <= 0;
    }
    if (!sorted) {
      mergeSort(order, order.clone(), 0, order.length, first);
    }
    return order;
  }

  private int compare(RowComparator first, int a, int b) {
    int order = first.compare(a, b);
    return order != 0 ? order : compareValues(a, b);
  }

  /** Rows {@code a} and {@code b} compared as {@link RowOrder#VALUES} compares their arrays. */
  int compareValues(int a, int b) {
    if (encoded != null) {
      decode();
    }
    for (int c = 0; c < kinds.length; c++) {
      boolean nullA = nulls[c][a];
      boolean nullB = nulls[c][b];
      if (nullA || nullB) {
        if (nullA != nullB) {
          return nullA ? -1 : 1;
        }
        continue;
      }
      int order =
          switch (storage[c]) {
            case LONG -> Long.compare(longs[c][a], longs[c][b]);
            case DOUBLE -> Double.compare(doubles[c][a], doubles[c][b]);
            default -> RowOrder.compareValues(objects[c][a], objects[c][b]);
          };
      if (order != 0) {
        return order;
      }
    }
    return 0;
  }

  /**
   * Sorts {@code order[from, to)} by {@code first} then values; {@code spare} holds the same
   * indices.
   */
  private void mergeSort(int[] order, int[] spare, int from, int to, RowComparator first) {
    if (to - from <= 16) {
      for (int i = from + 1; i < to; i++) {
        int moving = order[i];
        int j = i - 1;
        while (j >= from && compare(first, order[j], moving) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = moving;
      }
      return;
    }
    int middle = (from + to) >>> 1;
    mergeSort(spare, order, from, middle, first);
    mergeSort(spare, order, middle, to, first);
    for (int i = from, left = from, right = middle; i < to; i++) {
      if (right >= to || (left < middle && compare(first, spare[left], spare[right]) <= 0)) {
        order[i] = spare[left++];
      } else {
        order[i] = spare[right++];
      }
    }
  }

  Storage storage(int column) {
    return storage[column];
  }

  DataKind kind(int column) {
    return kinds[column];
  }

  /** Sets a decoded value of a {@link Storage#LONG} column at {@code row} (below capacity). */
  void setLong(int column, int row, long value) {
    longs[column][row] = value;
  }

  void setDouble(int column, int row, double value) {
    doubles[column][row] = value;
  }

  void setObject(int column, int row, Object value) {
    objects[column][row] = value;
  }

  void setNull(int column, int row) {
    nulls[column][row] = true;
  }

  /** Sets the number of rows after a decoder filled them in. */
  void setSize(int rows) {
    ensureCapacity(rows);
    size = rows;
  }

  private void ensureCapacity(int wanted) {
    int capacity = nulls.length == 0 ? Integer.MAX_VALUE : nulls[0].length;
    if (wanted <= capacity) {
      return;
    }
    int grown = Math.max(wanted, capacity * 2);
    for (int c = 0; c < kinds.length; c++) {
      switch (storage[c]) {
        case LONG -> longs[c] = Arrays.copyOf(longs[c], grown);
        case DOUBLE -> doubles[c] = Arrays.copyOf(doubles[c], grown);
        default -> objects[c] = Arrays.copyOf(objects[c], grown);
      }
      nulls[c] = Arrays.copyOf(nulls[c], grown);
    }
  }

  /** A growing list of row indices. */
  private static final class RowIndexes {
    private int[] rows = new int[4];
    private int size;

    void add(int row) {
      if (size == rows.length) {
        rows = Arrays.copyOf(rows, size * 2);
      }
      rows[size++] = row;
    }

    int[] toArray() {
      return Arrays.copyOf(rows, size);
    }
  }

  private static DataKind[] kindsOf(RowSchema schema) {
    DataKind[] kinds = new DataKind[schema.size()];
    for (int c = 0; c < kinds.length; c++) {
      kinds[c] = schema.column(c).kind();
    }
    return kinds;
  }

  private static Storage[] storageOf(DataKind[] kinds) {
    Storage[] storage = new Storage[kinds.length];
    for (int c = 0; c < kinds.length; c++) {
      storage[c] = storageOf(kinds[c]);
    }
    return storage;
  }

  private static Storage storageOf(DataKind kind) {
    return switch (kind) {
      case BOOLEAN, BYTE, SHORT, INT, LONG, DATE, TIMESTAMP -> Storage.LONG;
      case FLOAT, DOUBLE -> Storage.DOUBLE;
      default -> Storage.OBJECT;
    };
  }
}
