package dev.lakewire.databricks;

import dev.lakewire.ports.CloudFailure;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The idempotent create of a Unity Catalog object: read it by name; found → check it is the one
 * wanted and stop; not found → create it; a create answered "already exists" (another run got there
 * first) is read again and checked like a found one. Failures go through {@link
 * DatabricksFailures}.
 */
final class GetOrCreate {

  private GetOrCreate() {}

  /**
   * @param what the object, for error messages ("storage credential x in workspace y")
   * @param read reads the object by name (throws a not-found error when absent)
   * @param checkExisting throws {@link CloudFailure.Permanent} when the existing object is not the
   *     one wanted
   * @param create creates it
   * @return true when this call created it
   */
  static <T> boolean ensure(
      String what, Supplier<T> read, Consumer<T> checkExisting, Runnable create) {
    try {
      checkExisting.accept(read.get());
      return false;
    } catch (CloudFailure f) {
      throw f;
    } catch (RuntimeException e) {
      if (!DatabricksFailures.isNotFound(e)) {
        throw DatabricksFailures.classify("read " + what, e);
      }
    }
    try {
      create.run();
      return true;
    } catch (RuntimeException e) {
      if (DatabricksFailures.isAlreadyExists(e)) {
        // Another run created it between the read and the create: it must be the one wanted too.
        try {
          checkExisting.accept(read.get());
        } catch (CloudFailure f) {
          throw f;
        } catch (RuntimeException again) {
          throw DatabricksFailures.classify("read " + what, again);
        }
        return false;
      }
      throw DatabricksFailures.classify("create " + what, e);
    }
  }
}
