package org.chrononbeam.kv.bigtable;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.chrononbeam.model.kv.KvStoreException;

/**
 * The Bigtable table id of a dataset. Table ids are at most 50 characters of {@code
 * [_a-zA-Z0-9][-_.a-zA-Z0-9]*}.
 *
 * <ul>
 *   <li>A dataset name that is a valid table id is the table id: {@code TEAM_X_V1_BATCH}.
 *   <li>A longer name of valid characters becomes its first 33 characters, {@code -}, and the first
 *       16 hex digits of the SHA-256 of the whole name (50 characters in all), so distinct long
 *       names stay distinct.
 *   <li>A name with other characters is rejected ({@link KvStoreException.Reason#INVALID_REQUEST}).
 *       Chronon's dataset names ({@link org.chrononbeam.model.naming.KvLayout}) never have them.
 * </ul>
 */
public final class DatasetTables {

  /** Bigtable's longest table id. */
  public static final int MAX_TABLE_ID_LENGTH = 50;

  private static final Pattern TABLE_ID = Pattern.compile("[_a-zA-Z0-9][-_.a-zA-Z0-9]*");
  private static final int KEPT_PREFIX = MAX_TABLE_ID_LENGTH - 17;

  private DatasetTables() {}

  /** The table id holding {@code dataset}. */
  public static String tableId(String dataset) {
    if (!TABLE_ID.matcher(dataset).matches()) {
      throw new KvStoreException(
          KvStoreException.Reason.INVALID_REQUEST,
          "dataset '"
              + dataset
              + "' has characters a Bigtable table id cannot hold ([-_.a-zA-Z0-9])");
    }
    if (dataset.length() <= MAX_TABLE_ID_LENGTH) {
      return dataset;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(dataset.getBytes(UTF_8));
      return dataset.substring(0, KEPT_PREFIX) + "-" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
