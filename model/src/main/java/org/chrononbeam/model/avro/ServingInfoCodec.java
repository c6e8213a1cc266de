package org.chrononbeam.model.avro;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.GroupBy;
import org.chrononbeam.api.GroupByServingInfo;
import org.chrononbeam.api.TDataType;
import org.chrononbeam.model.json.ThriftJson;
import org.chrononbeam.model.kv.PutRequest;
import org.chrononbeam.model.naming.KvLayout;

/**
 * A GroupBy's {@link GroupByServingInfo}: what the fetcher needs to read the GroupBy's KV values,
 * stored by the upload under the key {@value KvLayout#SERVING_INFO_KEY} (UTF-8) of the GroupBy's
 * {@code _BATCH} dataset, as the JSON {@link ThriftJson} writes (UTF-8), with version timestamp
 * {@code batchEnd}.
 *
 * <p>Its fields here:
 *
 * <ul>
 *   <li>{@code groupBy}: the GroupBy as uploaded;
 *   <li>{@code keyAvroSchema}: the {@link KeyCodec} schema;
 *   <li>{@code inputAvroSchema}: a {@link ValueCodec} record {@code Input} of the aggregation input
 *       columns and their types (for a GroupBy without aggregations, the selected value columns);
 *   <li>{@code selectedAvroSchema}: the {@link StreamingRowCodec} schema of {@code _STREAMING}
 *       rows;
 *   <li>{@code batchEndDate}: the last partition uploaded, {@code yyyy-MM-dd}; the batch data ends
 *       (exclusively) at the next midnight UTC, {@link #batchEndMillis};
 *   <li>{@code dateFormat}: {@value #DATE_FORMAT}.
 * </ul>
 *
 * <pre>{@code
 * GroupByServingInfo info = ServingInfoCodec.of(groupBy, Map.of("user_id", DataKind.LONG),
 *     List.of("price"), List.of(new TDataType(DataKind.DOUBLE)), false, "2024-01-31");
 * store.multiPut(List.of(ServingInfoCodec.put(info))).join();
 * ServingSchemas schemas = ServingSchemas.of(ServingInfoCodec.decode(bytes, "team.gb.v1"));
 * }</pre>
 */
public final class ServingInfoCodec {

  /** The date format of {@code batchEndDate}. */
  public static final String DATE_FORMAT = "yyyy-MM-dd";

  private static final long DAY_MILLIS = 86_400_000L;

  private ServingInfoCodec() {}

  /**
   * The serving info of {@code groupBy} uploaded through {@code endDs}.
   *
   * @param keyKinds the kinds of (at least) the GroupBy's key columns
   * @param inputNames the aggregation input columns (for no aggregations: the value columns)
   * @param inputTypes their types
   * @param withIsBefore whether streaming rows carry {@code is_before} (entity sources)
   * @param endDs the last partition uploaded, {@code yyyy-MM-dd}
   */
  public static GroupByServingInfo of(
      GroupBy groupBy,
      Map<String, DataKind> keyKinds,
      List<String> inputNames,
      List<TDataType> inputTypes,
      boolean withIsBefore,
      String endDs) {
    Objects.requireNonNull(groupBy, "groupBy");
    parseDate(endDs);
    KeyCodec key = KeyCodec.of(groupBy.getKeyColumns(), keyKinds);
    ValueCodec input = ValueCodec.of("Input", inputNames, inputTypes);
    StreamingRowCodec streaming = StreamingRowCodec.of(inputNames, inputTypes, withIsBefore);
    return new GroupByServingInfo()
        .setGroupBy(groupBy.deepCopy())
        .setKeyAvroSchema(key.schema().toString())
        .setInputAvroSchema(input.schema().toString())
        .setSelectedAvroSchema(streaming.schema().toString())
        .setBatchEndDate(endDs)
        .setDateFormat(DATE_FORMAT);
  }

  /** The bytes of the serving info's KV key, {@value KvLayout#SERVING_INFO_KEY} in UTF-8. */
  public static byte[] keyBytes() {
    return KvLayout.SERVING_INFO_KEY.getBytes(StandardCharsets.UTF_8);
  }

  /** The serving info as stored: its JSON in UTF-8. */
  public static byte[] encode(GroupByServingInfo info) {
    return ThriftJson.write(info).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The serving info of stored bytes.
   *
   * @param groupByName names the GroupBy in error messages
   * @throws org.chrononbeam.model.ConfigException if the bytes are not its JSON
   */
  public static GroupByServingInfo decode(byte[] bytes, String groupByName) {
    return ThriftJson.read(
        new String(bytes, StandardCharsets.UTF_8), GroupByServingInfo.class,
        "serving info of " + groupByName);
  }

  /** The put that stores {@code info} in its GroupBy's {@code _BATCH} dataset at its batch end. */
  public static PutRequest put(GroupByServingInfo info) {
    String name = info.getGroupBy().getMetaData().getName();
    return new PutRequest(
        keyBytes(), encode(info), KvLayout.batchDataset(name), batchEndMillis(info));
  }

  /** The exclusive end of the batch data: {@code batchEndDate} + 1 day, 00:00 UTC, epoch ms. */
  public static long batchEndMillis(GroupByServingInfo info) {
    return parseDate(info.getBatchEndDate()).toEpochDay() * DAY_MILLIS + DAY_MILLIS;
  }

  private static LocalDate parseDate(String ds) {
    if (ds == null) {
      throw new IllegalArgumentException("the serving info has no batchEndDate");
    }
    try {
      return LocalDate.parse(ds);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "batchEndDate '" + ds + "' is not a " + DATE_FORMAT + " date", e);
    }
  }
}
