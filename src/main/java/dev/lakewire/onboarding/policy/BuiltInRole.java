package dev.lakewire.onboarding.policy;

import dev.lakewire.onboarding.message.Facts;
import dev.lakewire.onboarding.message.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/**
 * The Azure built-in data roles lakewire may grant an Access Connector on storage: {@code
 * grantableStorageRoles} of {@link Facts}. The GUIDs, fixed by Azure
 * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles) and the same in
 * every tenant, come from its {@code builtInRoles}; the infra's ABAC condition lists the same
 * GUIDs.
 */
public enum BuiltInRole {
  STORAGE_BLOB_DATA_CONTRIBUTOR("Storage Blob Data Contributor"),
  STORAGE_BLOB_DATA_READER("Storage Blob Data Reader"),
  STORAGE_QUEUE_DATA_CONTRIBUTOR("Storage Queue Data Contributor");

  private final String displayName;
  private final String guid;

  BuiltInRole(String displayName) {
    this.displayName = displayName;
    this.guid = Facts.get().roleGuid(displayName);
  }

  public String displayName() {
    return displayName;
  }

  /** The role definition GUID. */
  public String guid() {
    return guid;
  }

  /**
   * Finds a role by display name ({@code Storage Blob Data Contributor}), enum name or GUID,
   * case-insensitively.
   *
   * @throws InvalidInputException naming {@code field} when no role lakewire may grant matches
   */
  public static BuiltInRole parse(String field, String value) {
    String v = value == null ? "" : value.trim();
    for (BuiltInRole r : values()) {
      if (r.displayName.equalsIgnoreCase(v)
          || r.guid.equalsIgnoreCase(v)
          || r.name().equalsIgnoreCase(v.replace(' ', '_'))) {
        return r;
      }
    }
    throw new InvalidInputException(
        field, "'" + v + "' is not a role lakewire may grant; expected one of " + names());
  }

  /** The display names of all roles lakewire may grant. */
  public static List<String> names() {
    return Arrays.stream(values()).map(BuiltInRole::displayName).toList();
  }

  @Override
  public String toString() {
    return displayName;
  }
}
