package dev.lakewire.databricks;

import dev.lakewire.ports.Managed;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The three calls of a {@link Managed} Unity Catalog object, each with its answer that is not an
 * error: a read's 404 is absent, a create's {@code RESOURCE_ALREADY_EXISTS} is {@link
 * Managed.AlreadyExists} (the loop reads and compares), a delete's 404 is gone already. Anything
 * else goes through {@link DatabricksFailures}.
 */
final class CatalogCalls {

  private CatalogCalls() {}

  /** Reads {@code what}; empty on 404. */
  static <T> Optional<T> read(String what, Supplier<T> read) {
    try {
      return Optional.ofNullable(read.get());
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw DatabricksFailures.classify("read " + what, e);
    }
  }

  /** Creates {@code what}; another delivery's create first is {@link Managed.AlreadyExists}. */
  static <T> T create(String what, Supplier<T> create) {
    try {
      return create.get();
    } catch (RuntimeException e) {
      if (DatabricksFailures.isAlreadyExists(e)) {
        throw new Managed.AlreadyExists(what + " exists already", null, e);
      }
      throw DatabricksFailures.classify("create " + what, e);
    }
  }

  /** Deletes {@code what}; false on 404 (gone already). */
  static boolean delete(String what, Runnable delete) {
    try {
      delete.run();
      return true;
    } catch (RuntimeException e) {
      if (DatabricksFailures.isNotFound(e)) {
        return false;
      }
      throw DatabricksFailures.classify("delete " + what, e);
    }
  }
}
