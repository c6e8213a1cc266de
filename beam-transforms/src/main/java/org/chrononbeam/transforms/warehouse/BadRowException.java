package org.chrononbeam.transforms.warehouse;

/**
 * A row of an imported file that cannot be loaded: a value that does not parse as its column's
 * type, a row with neither {@code ds} nor {@code ts}, a malformed line. The message names the file
 * and the line (CSV, JSON lines) or row (Parquet), so the file can be fixed; an import never skips
 * rows.
 */
public final class BadRowException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;

  /**
   * @param file the imported file
   * @param unit {@code "line"} or {@code "row"}, how {@code line} counts
   * @param line where the problem is, counted from 1
   * @param problem what is wrong
   */
  BadRowException(String file, String unit, long line, String problem) {
    super(file + " " + unit + " " + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** The imported file. */
  public String file() {
    return file;
  }

  /** The line (CSV, JSON lines; the CSV header is line 1) or row (Parquet) of the problem. */
  public long line() {
    return line;
  }
}
