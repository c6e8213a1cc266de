package org.chrononbeam.fetcher;

/** A piece of metadata as a fetch found it: loaded, or the reason it could not be. */
sealed interface Loaded<T> permits Loaded.Found, Loaded.Missing {

  /** The value, or the error of a {@link Missing}. */
  T get();

  /** A loaded value. */
  record Found<T>(T value) implements Loaded<T> {
    @Override
    public T get() {
      return value;
    }
  }

  /** A value that could not be loaded. */
  record Missing<T>(FetchException error) implements Loaded<T> {
    @Override
    public T get() {
      throw error;
    }
  }
}
