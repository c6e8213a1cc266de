package org.chrononbeam.expressions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.thrift.TBase;
import org.apache.thrift.TFieldIdEnum;
import org.apache.thrift.meta_data.FieldMetaData;
import org.chrononbeam.api.DataKind;
import org.chrononbeam.api.Derivation;
import org.chrononbeam.api.Query;
import org.chrononbeam.model.ConfigFiles;
import org.chrononbeam.model.LoadedConfig;
import org.junit.jupiter.api.Test;

/**
 * Every query and derivation in Chronon's compiled sample configs compiles. The samples carry no
 * source schemas, so each column an expression names is taken to be a {@code STRING} (a {@code
 * LONG} for a bare time column, a {@code DOUBLE} in derivations).
 */
class ChrononSamplesTest {
  private static final Pattern WORD =
      Pattern.compile("'[^']*'|\"[^\"]*\"|`([^`]*)`|([A-Za-z_][A-Za-z0-9_]*)");
  private static final Set<String> KEYWORDS =
      Set.of(
          "AND", "OR", "NOT", "NULL", "IS", "IN", "CASE", "WHEN", "THEN", "ELSE", "END", "TRUE",
          "FALSE", "AS", "LIKE", "BETWEEN", "INTERVAL", "DAY", "HOUR", "STRING", "INT", "BIGINT",
          "DOUBLE");

  @Test
  void everySampleQueryAndDerivationCompiles() {
    List<Query> queries = new ArrayList<>();
    List<List<Derivation>> derivations = new ArrayList<>();
    for (Path file : ConfigFiles.list(samples())) {
      LoadedConfig loaded = ConfigFiles.load(file);
      collect(loaded.config(), queries, derivations);
    }
    assertTrue(queries.size() > 20, "samples hold queries: " + queries.size());
    assertTrue(!derivations.isEmpty(), "samples hold derivations");
    for (Query query : queries) {
      CompiledQuery compiled = QueryCompiler.compile(query, schemaOf(query));
      assertEquals(
          query.getSelectsSize() + (query.isSetTimeColumn() && !selectsTs(query) ? 1 : 0),
          compiled.outputSchema().size(),
          query.toString());
    }
    for (List<Derivation> list : derivations) {
      Set<String> columns = new LinkedHashSet<>();
      list.forEach(d -> columns.addAll(columns(d.getExpression())));
      RowSchema.Builder schema = RowSchema.builder();
      columns.forEach(c -> schema.add(c, DataKind.DOUBLE));
      DerivationCompiler.compile(list, schema.build());
    }
  }

  private static boolean selectsTs(Query query) {
    return query.getSelectsSize() > 0
        && query.getSelects().keySet().stream().anyMatch(k -> k.equalsIgnoreCase("ts"));
  }

  private static RowSchema schemaOf(Query query) {
    Set<String> names = new LinkedHashSet<>();
    if (query.getSelectsSize() > 0) {
      query.getSelects().values().forEach(e -> names.addAll(columns(e)));
    }
    for (int i = 0; i < query.getWheresSize(); i++) {
      names.addAll(columns(query.getWheres().get(i)));
    }
    String time = query.getTimeColumn();
    boolean bareTime = time != null && time.matches("[A-Za-z_][A-Za-z0-9_]*");
    if (time != null) {
      names.addAll(columns(time));
    }
    RowSchema.Builder schema = RowSchema.builder();
    for (String name : names) {
      schema.add(name, bareTime && name.equals(time) ? DataKind.LONG : DataKind.STRING);
    }
    return schema.build();
  }

  /** The names an expression uses as columns: words that are not keywords or function names. */
  private static Set<String> columns(String expression) {
    Set<String> names = new LinkedHashSet<>();
    if (expression == null || expression.strip().equals("*")) {
      return names;
    }
    Matcher m = WORD.matcher(expression);
    while (m.find()) {
      String word = m.group(1) != null ? m.group(1) : m.group(2);
      if (word == null || KEYWORDS.contains(word.toUpperCase(Locale.ROOT))) {
        continue;
      }
      String rest = expression.substring(m.end()).stripLeading();
      if (m.group(1) != null || !rest.startsWith("(")) {
        names.add(word);
      }
    }
    return names;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void collect(
      Object node, List<Query> queries, List<List<Derivation>> derivations) {
    if (node instanceof Query q) {
      queries.add(q);
    } else if (node instanceof TBase struct) {
      Map<? extends TFieldIdEnum, FieldMetaData> fields =
          FieldMetaData.getStructMetaDataMap(struct.getClass());
      for (TFieldIdEnum field : fields.keySet()) {
        if (struct.isSet(field)) {
          collect(struct.getFieldValue(field), queries, derivations);
        }
      }
    } else if (node instanceof List<?> list
        && !list.isEmpty()
        && list.get(0) instanceof Derivation) {
      derivations.add((List<Derivation>) list);
    } else if (node instanceof Collection<?> items) {
      items.forEach(item -> collect(item, queries, derivations));
    } else if (node instanceof Map<?, ?> map) {
      map.values().forEach(value -> collect(value, queries, derivations));
    }
  }

  private static Path samples() {
    Path dir = Path.of(System.getProperty("chronon.samples.dir", ""));
    assertTrue(Files.isDirectory(dir), "Chronon's samples are at -Dchronon.samples.dir: " + dir);
    return dir;
  }
}
