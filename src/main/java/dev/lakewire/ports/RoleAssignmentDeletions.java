package dev.lakewire.ports;

import java.util.Optional;

/**
 * Reading and deleting single role assignments by their name (offboarding). A separate port from
 * {@link RoleAssignments} so that the onboarding steps cannot delete anything.
 */
public interface RoleAssignmentDeletions {

  /**
   * The assignment {@code name} at {@code scope} (its principal and role GUID), or empty when ARM
   * answers 404.
   */
  Optional<RoleAssignmentSpec> find(String scope, String name);

  /**
   * Deletes the assignment {@code name} at {@code scope}. ARM answers 200 with the deleted
   * assignment, or 204 when there was none.
   *
   * @return false when there was none
   */
  boolean delete(String scope, String name);
}
