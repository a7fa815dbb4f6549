package dev.lakewire.onboarding.policy;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.onboarding.message.InvalidInputException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How step 3 wires storage into Unity Catalog, read once from app settings.
 *
 * @param layout who owns the external locations
 * @param sharedConnectorId the lakewire-owned Access Connector of the {@link Layout#SHARED} layout
 *     (provisioned by infra, in lakewire's resource group); null in the other layout
 * @param selfPrincipalId lakewire's own object id: it assigns itself Contributor on each connector
 *     it registers as a storage credential
 * @param firewall what to do when a target storage account's firewall does not admit a connector
 * @param offboardCatalog what offboarding does with a workspace's own storage credential and
 *     external locations ({@link Layout#PER_WORKSPACE} only; the shared layout's are never the
 *     workspace's own)
 */
public record StoragePolicy(
    Layout layout,
    String sharedConnectorId,
    String selfPrincipalId,
    Firewall firewall,
    OffboardCatalog offboardCatalog) {

  /** The policy with offboarding's default: {@link OffboardCatalog#KEEP}. */
  public StoragePolicy(
      Layout layout, String sharedConnectorId, String selfPrincipalId, Firewall firewall) {
    this(layout, sharedConnectorId, selfPrincipalId, firewall, OffboardCatalog.KEEP);
  }

  public static final String LOCATION_LAYOUT = "LAKEWIRE_LOCATION_LAYOUT";
  public static final String SHARED_ACCESS_CONNECTOR = "LAKEWIRE_SHARED_ACCESS_CONNECTOR";
  public static final String IDENTITY_PRINCIPAL_ID = "LAKEWIRE_IDENTITY_PRINCIPAL_ID";
  public static final String STORAGE_FIREWALL = "LAKEWIRE_STORAGE_FIREWALL";
  public static final String OFFBOARD_CATALOG_OBJECTS = "LAKEWIRE_OFFBOARD_CATALOG_OBJECTS";

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /** Who owns the external locations of the target containers. */
  public enum Layout {
    /**
     * One location per container per metastore ({@code lakewire_<account>_<container>}), on the
     * shared credential of the lakewire-owned shared connector: removing any workspace (and its
     * connector) leaves every other workspace's access intact.
     */
    SHARED,
    /**
     * A folder per workspace in each container, its own location on the workspace's credential,
     * {@code ISOLATION_MODE_ISOLATED} and bound to that workspace only.
     */
    PER_WORKSPACE
  }

  /**
   * What offboarding does with a deleted workspace's own Unity Catalog storage credential and
   * external locations (per-workspace layout). The data under them is never touched either way.
   */
  public enum OffboardCatalog {
    /** Keep them (default): tables registered on them stay readable to a metastore admin. */
    KEEP,
    /** Delete them (locations first, then the credential; never with {@code force}). */
    REMOVE
  }

  /** Whether offboarding removes the workspace's own Unity Catalog objects. */
  public boolean removesCatalogObjects() {
    return layout == Layout.PER_WORKSPACE && offboardCatalog == OffboardCatalog.REMOVE;
  }

  /**
   * What to do when a storage firewall ({@code defaultAction: Deny}) does not admit a connector.
   */
  public enum Firewall {
    /** Fail the step, naming the resource access rule to add (lakewire needs no storage write). */
    FAIL,
    /** Add the resource access rule (needs {@code Microsoft.Storage/storageAccounts/write}). */
    ADD_RULE
  }

  /**
   * Reads the settings:
   *
   * <ul>
   *   <li>{@value #LOCATION_LAYOUT}: {@code shared} (default) or {@code per-workspace}
   *   <li>{@value #SHARED_ACCESS_CONNECTOR}: the ARM id of the shared Access Connector (required
   *       with {@code shared})
   *   <li>{@value #IDENTITY_PRINCIPAL_ID}: lakewire's object id (required)
   *   <li>{@value #STORAGE_FIREWALL}: {@code fail} (default) or {@code add-rule}
   *   <li>{@value #OFFBOARD_CATALOG_OBJECTS}: {@code keep} (default) or {@code remove} (acts only
   *       with {@code per-workspace})
   * </ul>
   *
   * @throws InvalidInputException naming the setting that is wrong
   */
  public static StoragePolicy fromSettings(Map<String, String> settings) {
    Layout layout =
        switch (value(settings, LOCATION_LAYOUT, "shared")) {
          case "shared" -> Layout.SHARED;
          case "per-workspace" -> Layout.PER_WORKSPACE;
          default ->
              throw new InvalidInputException(
                  LOCATION_LAYOUT,
                  "'" + settings.get(LOCATION_LAYOUT) + "' is neither shared nor per-workspace");
        };
    String shared = settings.getOrDefault(SHARED_ACCESS_CONNECTOR, "").trim();
    if (layout == Layout.SHARED) {
      if (shared.isEmpty()) {
        throw new InvalidInputException(
            SHARED_ACCESS_CONNECTOR,
            "is required with " + LOCATION_LAYOUT + "=shared (infra provisions the connector)");
      }
      requireConnectorId(shared);
    } else {
      shared = null;
    }
    String self = settings.getOrDefault(IDENTITY_PRINCIPAL_ID, "").trim();
    if (!GUID.matcher(self).matches()) {
      throw new InvalidInputException(
          IDENTITY_PRINCIPAL_ID,
          self.isEmpty()
              ? "is required: lakewire's own object id (the principal id of its identity)"
              : "'" + self + "' is not an object id (a GUID)");
    }
    Firewall firewall =
        switch (value(settings, STORAGE_FIREWALL, "fail")) {
          case "fail" -> Firewall.FAIL;
          case "add-rule" -> Firewall.ADD_RULE;
          default ->
              throw new InvalidInputException(
                  STORAGE_FIREWALL,
                  "'" + settings.get(STORAGE_FIREWALL) + "' is neither fail nor add-rule");
        };
    OffboardCatalog offboard =
        switch (value(settings, OFFBOARD_CATALOG_OBJECTS, "keep")) {
          case "keep" -> OffboardCatalog.KEEP;
          case "remove" -> OffboardCatalog.REMOVE;
          default ->
              throw new InvalidInputException(
                  OFFBOARD_CATALOG_OBJECTS,
                  "'" + settings.get(OFFBOARD_CATALOG_OBJECTS) + "' is neither keep nor remove");
        };
    return new StoragePolicy(layout, shared, self.toLowerCase(Locale.ROOT), firewall, offboard);
  }

  private static String value(Map<String, String> settings, String name, String dflt) {
    String v = settings.get(name);
    return v == null || v.isBlank() ? dflt : v.trim().toLowerCase(Locale.ROOT);
  }

  private static void requireConnectorId(String id) {
    try {
      if ("Microsoft.Databricks/accessConnectors"
          .equalsIgnoreCase(ResourceId.fromString(id).fullResourceType())) {
        return;
      }
    } catch (RuntimeException e) {
      // fall through
    }
    throw new InvalidInputException(
        SHARED_ACCESS_CONNECTOR, "'" + id + "' is not a Microsoft.Databricks/accessConnectors id");
  }
}
