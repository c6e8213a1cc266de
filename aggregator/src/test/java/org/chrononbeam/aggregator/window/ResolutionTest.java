package org.chrononbeam.aggregator.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.chrononbeam.api.Accuracy;
import org.chrononbeam.api.TimeUnit;
import org.chrononbeam.api.Window;
import org.junit.jupiter.api.Test;

class ResolutionTest {

  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private static WindowSpec temporal(int length, TimeUnit unit) {
    return WindowSpec.of(new Window(length, unit), Accuracy.TEMPORAL);
  }

  @Test
  void tailHopFollowsChrononsFiveMinuteResolution() {
    assertEquals(DAY, temporal(12, TimeUnit.DAYS).hopMillis());
    assertEquals(DAY, temporal(30, TimeUnit.DAYS).hopMillis());
    assertEquals(DAY, temporal(288, TimeUnit.HOURS).hopMillis());
    assertEquals(HOUR, temporal(11, TimeUnit.DAYS).hopMillis());
    assertEquals(HOUR, temporal(287, TimeUnit.HOURS).hopMillis());
    assertEquals(HOUR, temporal(12, TimeUnit.HOURS).hopMillis());
    assertEquals(HOUR, temporal(1, TimeUnit.DAYS).hopMillis());
    assertEquals(5 * MINUTE, temporal(11, TimeUnit.HOURS).hopMillis());
    assertEquals(5 * MINUTE, temporal(1, TimeUnit.HOURS).hopMillis());
  }

  @Test
  void missingAccuracyMeansTemporal() {
    assertEquals(5 * MINUTE, WindowSpec.of(new Window(3, TimeUnit.HOURS), null).hopMillis());
  }

  @Test
  void snapshotTakesWholeDaysAndHopsByDay() {
    assertEquals(DAY, WindowSpec.of(new Window(1, TimeUnit.DAYS), Accuracy.SNAPSHOT).hopMillis());
    assertEquals(DAY,
        WindowSpec.of(new Window(48, TimeUnit.HOURS), Accuracy.SNAPSHOT).hopMillis());
    assertThrows(IllegalArgumentException.class,
        () -> WindowSpec.of(new Window(36, TimeUnit.HOURS), Accuracy.SNAPSHOT));
  }

  @Test
  void nonPositiveWindowsAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> temporal(0, TimeUnit.DAYS));
    assertThrows(IllegalArgumentException.class, () -> temporal(-3, TimeUnit.HOURS));
  }

  @Test
  void windowTailIsRoundedDownToTheHopAndTheEndIsExclusive() {
    long q = Instant.parse("2021-03-10T12:34:56.789Z").toEpochMilli();
    WindowSpec sevenDays = temporal(7, TimeUnit.DAYS);
    assertEquals(Instant.parse("2021-03-03T12:00:00Z").toEpochMilli(), sevenDays.startAt(q));
    WindowSpec thirtyDays = temporal(30, TimeUnit.DAYS);
    assertEquals(Instant.parse("2021-02-08T00:00:00Z").toEpochMilli(), thirtyDays.startAt(q));
    WindowSpec oneHour = temporal(1, TimeUnit.HOURS);
    assertEquals(Instant.parse("2021-03-10T11:30:00Z").toEpochMilli(), oneHour.startAt(q));

    long start = sevenDays.startAt(q);
    assertTrue(sevenDays.covers(start, q));
    assertFalse(sevenDays.covers(start - 1, q));
    assertTrue(sevenDays.covers(q - 1, q));
    assertFalse(sevenDays.covers(q, q));
  }

  @Test
  void snapshotWindowAtDayEndCoversWholeDays() {
    long q = Instant.parse("2021-03-11T00:00:00Z").toEpochMilli();
    WindowSpec tenDays = WindowSpec.of(new Window(10, TimeUnit.DAYS), Accuracy.SNAPSHOT);
    assertEquals(Instant.parse("2021-03-01T00:00:00Z").toEpochMilli(), tenDays.startAt(q));
  }

  @Test
  void unboundedCoversEverythingBeforeTheQuery() {
    assertTrue(WindowSpec.UNBOUNDED.isUnbounded());
    assertTrue(WindowSpec.UNBOUNDED.covers(Long.MIN_VALUE + 1, 0));
    assertFalse(WindowSpec.UNBOUNDED.covers(0, 0));
  }

  @Test
  void floorRoundsNegativeTimesDown() {
    assertEquals(-DAY, Resolution.floor(-1, DAY));
    assertEquals(0, Resolution.floor(DAY - 1, DAY));
  }
}
