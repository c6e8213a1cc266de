package org.chrononbeam.model.builder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.Map;

/** Argument checks shared by the builders; each failure is an {@link IllegalArgumentException}. */
final class ArgumentChecks {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ArgumentChecks() {}

  /** Returns {@code value} if it is neither null nor blank. */
  static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must be a non-blank string, was "
          + (value == null ? "null" : "'" + value + "'"));
    }
    return value;
  }

  /** Returns {@code value} if it is not null. */
  static <T> T requireNonNull(T value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return value;
  }

  /** Returns {@code value} if it is at least 1. */
  static int requirePositive(int value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " must be positive, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it is at least 0. */
  static int requireNonNegative(int value, String what) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative, was " + value);
    }
    return value;
  }

  /** Returns {@code value} if it lies in {@code [0, 100]}. */
  static double requirePercent(double value, String what) {
    if (!(value >= 0.0 && value <= 100.0)) {
      throw new IllegalArgumentException(what + " must be a percentage in [0, 100], was " + value);
    }
    return value;
  }

  /** Checks that {@code values} holds at least one element and that each is non-blank text. */
  static String[] requireTexts(String[] values, String what) {
    requireNonNull(values, what);
    if (values.length == 0) {
      throw new IllegalArgumentException("at least one " + what + " is required");
    }
    for (String value : values) {
      requireText(value, what);
    }
    return values;
  }

  /** Adds {@code value} to {@code target} unless it is already there, which is an error. */
  static void addNew(Collection<String> target, String value, String what) {
    if (target.contains(value)) {
      throw new IllegalArgumentException(what + " '" + value + "' is given twice");
    }
    target.add(value);
  }

  /** Puts {@code key -> value} unless {@code key} is already mapped, which is an error. */
  static <V> void putNew(Map<String, V> target, String key, V value, String what) {
    if (target.containsKey(key)) {
      throw new IllegalArgumentException(what + " '" + key + "' is given twice");
    }
    target.put(key, value);
  }

  /** Returns {@code json} if it parses as a JSON object. */
  static String requireJsonObject(String json, String what) {
    requireText(json, what);
    try {
      if (!JSON.readTree(json).isObject()) {
        throw new IllegalArgumentException(what + " must be a JSON object, was " + json);
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    return json;
  }
}
