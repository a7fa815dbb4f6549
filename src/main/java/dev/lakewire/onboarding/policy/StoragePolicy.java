package dev.lakewire.onboarding.policy;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.onboarding.message.AppSetting;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.SettingValues;

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

  @AppSetting public static final String LOCATION_LAYOUT = "LAKEWIRE_LOCATION_LAYOUT";

  @AppSetting
  public static final String SHARED_ACCESS_CONNECTOR = "LAKEWIRE_SHARED_ACCESS_CONNECTOR";

  @AppSetting public static final String IDENTITY_PRINCIPAL_ID = "LAKEWIRE_IDENTITY_PRINCIPAL_ID";
  @AppSetting public static final String STORAGE_FIREWALL = "LAKEWIRE_STORAGE_FIREWALL";

  @AppSetting
  public static final String OFFBOARD_CATALOG_OBJECTS = "LAKEWIRE_OFFBOARD_CATALOG_OBJECTS";

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
  public static StoragePolicy fromSettings(SettingValues s) {
    Layout layout =
        s.get(
            LOCATION_LAYOUT,
            Layout.SHARED,
            SettingValues.oneOf(Layout.SHARED, Layout.PER_WORKSPACE));
    String shared = null;
    if (layout == Layout.SHARED) {
      shared =
          s.required(
              SHARED_ACCESS_CONNECTOR,
              " with " + LOCATION_LAYOUT + "=shared (infra provisions the connector)");
      requireConnectorId(shared);
    }
    String self =
        s.required(
                IDENTITY_PRINCIPAL_ID,
                ": lakewire's own object id (the principal id of its identity)",
                SettingValues::uuid)
            .toString();
    Firewall firewall =
        s.get(
            STORAGE_FIREWALL, Firewall.FAIL, SettingValues.oneOf(Firewall.FAIL, Firewall.ADD_RULE));
    OffboardCatalog offboard =
        s.get(
            OFFBOARD_CATALOG_OBJECTS,
            OffboardCatalog.KEEP,
            SettingValues.oneOf(OffboardCatalog.KEEP, OffboardCatalog.REMOVE));
    return new StoragePolicy(layout, shared, self, firewall, offboard);
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
