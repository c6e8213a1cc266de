package org.chrononbeam.transforms.warehouse;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Partition dates: the {@code ds} values, {@code yyyy-MM-dd} in UTC. A {@code ds} is always checked
 * before it names a folder, so a row can never write outside its table.
 */
public final class PartitionDates {

  /** The column, and folder prefix, holding a row's partition date. */
  public static final String DS = "ds";

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ISO_LOCAL_DATE;

  private PartitionDates() {}

  /**
   * {@code ds} if it is a valid {@code yyyy-MM-dd} date, else an {@link IllegalArgumentException}.
   */
  public static String check(String ds) {
    if (ds == null) {
      throw new IllegalArgumentException("ds is null; expected yyyy-MM-dd");
    }
    try {
      LocalDate date = LocalDate.parse(ds, FORMAT);
      if (!FORMAT.format(date).equals(ds)) {
        throw new IllegalArgumentException("ds '" + ds + "' is not yyyy-MM-dd");
      }
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("ds '" + ds + "' is not a yyyy-MM-dd date", e);
    }
    return ds;
  }
  /**
   * Checks a range of days, both included: {@code endDs} a valid day, {@code startDs} null
   * (open) or a valid day not after it.
   *
   * @throws IllegalArgumentException naming the bad day or the reversed range
   */
  public static void checkRange(String startDs, String endDs) {
    check(endDs);
    if (startDs != null && check(startDs).compareTo(endDs) > 0) {
      throw new IllegalArgumentException("start date " + startDs + " is after end date " + endDs);
    }
  }


  /** The UTC date of an epoch-millisecond timestamp: 2023-12-01T23:59:59.999Z is 2023-12-01. */
  public static String ofEpochMillis(long ts) {
    return FORMAT.format(Instant.ofEpochMilli(ts).atOffset(ZoneOffset.UTC).toLocalDate());
  }

  /** The partition {@code days} days after {@code ds} (before it when negative). */
  public static String plusDays(String ds, long days) {
    return FORMAT.format(LocalDate.parse(check(ds), FORMAT).plusDays(days));
  }

  /** The first millisecond of day {@code ds}: its 00:00 UTC as epoch milliseconds. */
  public static long startMillis(String ds) {
    return LocalDate.parse(check(ds), FORMAT)
        .atStartOfDay(ZoneOffset.UTC)
        .toInstant()
        .toEpochMilli();
  }

  /** The days from {@code startDs} to {@code endDs}, both included, in order; empty if reversed. */
  public static List<String> range(String startDs, String endDs) {
    List<String> days = new ArrayList<>();
    for (String ds = check(startDs); ds.compareTo(check(endDs)) <= 0; ds = plusDays(ds, 1)) {
      days.add(ds);
    }
    return days;
  }

  /** The folder name of a partition, {@code ds=2023-12-01}. */
  static String folderName(String ds) {
    return DS + "=" + check(ds);
  }
}
