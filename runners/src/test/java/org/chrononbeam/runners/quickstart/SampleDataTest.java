package org.chrononbeam.runners.quickstart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleDataTest {

  @Test
  void theSameBytesEveryRun(@TempDir Path dir) throws IOException {
    SampleData.SampleFiles first = SampleData.writeTo(dir.resolve("a"));
    SampleData.SampleFiles second = SampleData.writeTo(dir.resolve("b"));
    for (int i = 0; i < first.all().size(); i++) {
      assertArrayEquals(Files.readAllBytes(first.all().get(i)), Files.readAllBytes(second.all().get(i)));
    }
  }

  @Test
  void eventsFallInTheDataDaysAndSnapshotsCoverEveryDay(@TempDir Path dir) throws IOException {
    SampleData.SampleFiles files = SampleData.writeTo(dir);
    long start = SampleData.FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    long end = SampleData.lastDay().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    for (Path events : List.of(files.purchases(), files.returns(), files.checkouts())) {
      List<String> lines = Files.readAllLines(events);
      assertTrue(lines.size() > 100, events + " has " + lines.size() + " lines");
      for (String line : lines.subList(1, lines.size())) {
        String[] fields = line.split(",");
        long ts = Long.parseLong(fields[fields.length - 1]);
        assertTrue(ts >= start && ts < end, line + " is outside the data days, at " + Instant.ofEpochMilli(ts));
      }
    }
    List<String> users = Files.readAllLines(files.users());
    assertEquals("user_id,account_created_ds,email_verified,ds", users.get(0));
    long days = users.stream().skip(1).map(l -> l.split(",")[3]).distinct().count();
    assertEquals(SampleData.DAYS, days);
    assertTrue(users.stream().skip(1).allMatch(
        l -> LocalDate.parse(l.split(",")[1]).compareTo(LocalDate.parse(l.split(",")[3])) <= 0),
        "a user appears in a snapshot only from the day the account was created");
  }
}
