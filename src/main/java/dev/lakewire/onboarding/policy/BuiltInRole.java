package dev.lakewire.onboarding.policy;

import dev.lakewire.onboarding.message.InvalidInputException;
import java.util.Arrays;
import java.util.List;

/**
 * The Azure built-in data roles lakewire may grant an Access Connector on storage. The GUIDs are
 * fixed by Azure (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles) and
 * are the same in every tenant. The infra's ABAC condition lists exactly these.
 */
public enum BuiltInRole {
  STORAGE_BLOB_DATA_CONTRIBUTOR(
      "Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
  STORAGE_BLOB_DATA_READER("Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
  STORAGE_QUEUE_DATA_CONTRIBUTOR(
      "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88");

  private final String displayName;
  private final String guid;

  BuiltInRole(String displayName, String guid) {
    this.displayName = displayName;
    this.guid = guid;
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
