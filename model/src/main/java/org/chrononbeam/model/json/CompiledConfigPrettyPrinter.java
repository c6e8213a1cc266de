package org.chrononbeam.model.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;

/**
 * The layout of Python's {@code json.dumps(indent=2)}, which compile.py uses: two-space indent,
 * {@code "key": value}, one array element per line, and {@code []} / {@code {}} when empty.
 */
final class CompiledConfigPrettyPrinter extends DefaultPrettyPrinter {
  private static final long serialVersionUID = 1L;

  CompiledConfigPrettyPrinter() {
    DefaultIndenter twoSpaces = new DefaultIndenter("  ", "\n");
    indentObjectsWith(twoSpaces);
    indentArraysWith(twoSpaces);
  }

  @Override
  public CompiledConfigPrettyPrinter createInstance() {
    return new CompiledConfigPrettyPrinter();
  }

  @Override
  public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
    g.writeRaw(": ");
  }

  @Override
  public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
    if (nrOfEntries == 0) {
      _nesting--;
      g.writeRaw('}');
      return;
    }
    super.writeEndObject(g, nrOfEntries);
  }

  @Override
  public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
    if (nrOfValues == 0) {
      _nesting--;
      g.writeRaw(']');
      return;
    }
    super.writeEndArray(g, nrOfValues);
  }
}
