package org.chrononbeam.transforms.staging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.chrononbeam.api.StagingQuery;
import org.chrononbeam.model.ConfigException;
import org.chrononbeam.model.ConfigFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StagingQueryMacrosTest {

  private static final Map<String, String> LATEST =
      Map.of("data.items", "2023-11-30", "ns.snapshots", "2023-12-05");

  private static final StagingQueryMacros MACROS =
      new StagingQueryMacros(
          "2023-12-01", "2023-12-03", "2023-12-07", t -> Optional.ofNullable(LATEST.get(t)));

  static Stream<Arguments> expansions() {
    return Stream.of(
        Arguments.of("ds >= '{{ start_date }}'", "ds >= '2023-12-01'"),
        Arguments.of("ds <= '{{end_date}}'", "ds <= '2023-12-03'"),
        Arguments.of("'{{  latest_date  }}'", "'2023-12-07'"),
        Arguments.of(
            "BETWEEN '{{ start_date }}' AND '{{ end_date }}'",
            "BETWEEN '2023-12-01' AND '2023-12-03'"),
        Arguments.of("ds = '{{ max_date(table=data.items) }}'", "ds = '2023-11-30'"),
        Arguments.of("'{{ max_date( table = ns.snapshots ) }}'", "'2023-12-05'"),
        Arguments.of("'{{ max_date(table='data.items') }}'", "'2023-11-30'"),
        Arguments.of("'{{ max_date:table=ns.snapshots }}'", "'2023-12-05'"),
        Arguments.of(
            "multi\n{{ start_date }}\nline {{ latest_date }}",
            "multi\n2023-12-01\nline 2023-12-07"),
        Arguments.of("SELECT 1 -- no macros", "SELECT 1 -- no macros"));
  }

  @ParameterizedTest
  @MethodSource("expansions")
  void expands(String query, String expected) {
    assertEquals(expected, MACROS.expand("team.q.v1", query));
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("{{ ds }}", "unknown macro 'ds'"),
        Arguments.of("{{ start_date(offset=1) }}", "start_date takes no arguments, not [offset]"),
        Arguments.of("{{ max_date }}", "max_date needs the table"),
        Arguments.of("{{ max_date(tbl=data.items) }}", "max_date needs the table"),
        Arguments.of("{{ max_date(table=data.items, x=1) }}", "max_date takes only 'table'"),
        Arguments.of("{{ max_date(table=items) }}", "must be namespace.name"),
        Arguments.of("{{ max_date(table=data.missing) }}", "table data.missing has no partitions"),
        Arguments.of("{{ max_date(table) }}", "argument 'table' is not key=value"),
        Arguments.of("{{ 1 + 1 }}", "is not a macro"),
        Arguments.of("ds = '{{ start_date '", "never closed"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void rejects(String query, String message) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> MACROS.expand("team.q.v1", query));
    assertTrue(e.getMessage().startsWith("team.q.v1: query: "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void reportsEveryBadMacroAtOnce() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> MACROS.expand("team.q.v1", "{{ foo }} and {{ max_date(table=a.b) }}"));
    assertEquals(2, e.errors().size());
  }

  @Test
  void chrononSampleStagingQueriesExpand() throws Exception {
    Path samples =
        Path.of(System.getProperty("chronon.samples.dir"), "staging_queries", "sample_team");
    List<Path> files;
    try (Stream<Path> listed = Files.list(samples)) {
      files = listed.sorted().toList();
    }
    assertEquals(2, files.size());
    for (Path file : files) {
      StagingQuery conf = (StagingQuery) ConfigFiles.load(file).config();
      String sql = MACROS.expand(conf.getMetaData().getName(), conf.getQuery());
      assertTrue(
          sql.contains("WHERE ds BETWEEN '2023-12-01' AND '2023-12-03'"), file + ":\n" + sql);
      assertTrue(!sql.contains("{{"), sql);
    }
  }
}
