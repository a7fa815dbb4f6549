package dev.lakewire.onboarding.policy;

import dev.lakewire.onboarding.message.AppSetting;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.SettingValues;
import dev.lakewire.ports.DatabricksHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which storage, roles and metastore a new workspace gets, read once from app settings.
 *
 * @param storage the ADLS Gen2 accounts (and containers) every workspace gets access to
 * @param roles the roles granted to the connector on each storage scope
 * @param metastoresByRegion region (lower-case, no spaces) → Unity Catalog metastore id
 * @param defaultCatalog the default catalog name set with the metastore assignment
 * @param existingMetastore what to do when another metastore is already assigned
 * @param allowedSubscriptions subscriptions lakewire acts in (lower-case); empty means all
 * @param connectorSuffix appended to the workspace name to name its Access Connector
 * @param connectorIdentity null for a system-assigned identity, else a user-assigned identity id
 * @param maxRechecks how many times a step may re-check before it gives up permanently
 * @param databricksDomain the DNS suffix workspace hosts must have ({@code adb-N.N.<domain>})
 * @param wiring how external locations, the shared connector, lakewire's own identity and storage
 *     firewalls are handled (see {@link StoragePolicy})
 * @param tagPolicy what a workspace's {@code lakewire:*} tags may choose (see {@link TagPolicy})
 * @param attachConnector whether step 3 first attaches the connector to the workspace ({@code
 *     properties.accessConnector}, {@value #ATTACH_CONNECTOR})
 */
public record OnboardingPolicy(
    List<TargetStorage> storage,
    List<BuiltInRole> roles,
    Map<String, String> metastoresByRegion,
    String defaultCatalog,
    ExistingMetastorePolicy existingMetastore,
    Set<String> allowedSubscriptions,
    String connectorSuffix,
    String connectorIdentity,
    int maxRechecks,
    String databricksDomain,
    StoragePolicy wiring,
    TagPolicy tagPolicy,
    boolean attachConnector) {

  @AppSetting public static final String STORAGE_TARGETS = "LAKEWIRE_STORAGE_TARGETS";
  @AppSetting public static final String STORAGE_ROLES = "LAKEWIRE_STORAGE_ROLES";
  @AppSetting public static final String METASTORES = "LAKEWIRE_METASTORES";
  @AppSetting public static final String DEFAULT_CATALOG = "LAKEWIRE_DEFAULT_CATALOG";
  @AppSetting public static final String EXISTING_METASTORE = "LAKEWIRE_EXISTING_METASTORE";
  @AppSetting public static final String ALLOWED_SUBSCRIPTIONS = "LAKEWIRE_ALLOWED_SUBSCRIPTIONS";
  @AppSetting public static final String CONNECTOR_SUFFIX = "LAKEWIRE_CONNECTOR_SUFFIX";
  @AppSetting public static final String CONNECTOR_IDENTITY = "LAKEWIRE_CONNECTOR_IDENTITY";
  @AppSetting public static final String MAX_RECHECKS = "LAKEWIRE_MAX_RECHECKS";
  @AppSetting public static final String DATABRICKS_DOMAIN = "LAKEWIRE_DATABRICKS_DOMAIN";
  public static final String LOCATION_LAYOUT = StoragePolicy.LOCATION_LAYOUT;
  public static final String SHARED_ACCESS_CONNECTOR = StoragePolicy.SHARED_ACCESS_CONNECTOR;
  public static final String IDENTITY_PRINCIPAL_ID = StoragePolicy.IDENTITY_PRINCIPAL_ID;
  public static final String STORAGE_FIREWALL = StoragePolicy.STORAGE_FIREWALL;
  public static final String OFFBOARD_CATALOG_OBJECTS = StoragePolicy.OFFBOARD_CATALOG_OBJECTS;
  public static final String TAG_STORAGE = TagPolicy.TAG_STORAGE;
  public static final String TAG_ROLES = TagPolicy.TAG_ROLES;
  public static final String TAG_METASTORES = TagPolicy.TAG_METASTORES;
  @AppSetting public static final String ATTACH_CONNECTOR = "LAKEWIRE_ATTACH_CONNECTOR";

  /**
   * Every policy setting name, for documentation and the infra consistency test: the {@link
   * AppSetting} constants of this class, {@link StoragePolicy} and {@link TagPolicy}.
   */
  public static final List<String> SETTINGS =
      Stream.of(OnboardingPolicy.class, StoragePolicy.class, TagPolicy.class)
          .flatMap(c -> SettingValues.declaredIn(c).stream())
          .toList();

  private static final Pattern METASTORE_ID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern CATALOG = Pattern.compile("[A-Za-z0-9_]{1,255}");
  private static final Pattern SUFFIX = Pattern.compile("[A-Za-z0-9_-]{0,16}");

  public OnboardingPolicy {
    storage = List.copyOf(storage);
    roles = List.copyOf(roles);
    metastoresByRegion = Map.copyOf(metastoresByRegion);
    allowedSubscriptions = Set.copyOf(allowedSubscriptions);
    tagPolicy = tagPolicy == null ? TagPolicy.NONE : tagPolicy;
  }

  /**
   * Reads the policy from settings.
   *
   * <ul>
   *   <li>{@value #STORAGE_TARGETS}: {@code <storage account id>=<container>,<container>;<id>=...}
   *       (required; no containers means the whole account)
   *   <li>{@value #STORAGE_ROLES}: comma-separated role names, default {@code Storage Blob Data
   *       Contributor}
   *   <li>{@value #METASTORES}: {@code <region>=<metastore id>,...} (required)
   *   <li>{@value #DEFAULT_CATALOG}: default {@code main}
   *   <li>{@value #EXISTING_METASTORE}: {@code FAIL} (default) or {@code REPLACE}
   *   <li>{@value #ALLOWED_SUBSCRIPTIONS}: comma-separated subscription ids; empty means all
   *   <li>{@value #CONNECTOR_SUFFIX}: default {@code -uc}
   *   <li>{@value #CONNECTOR_IDENTITY}: {@code SystemAssigned} (default) or a user-assigned
   *       identity's ARM id
   *   <li>{@value #MAX_RECHECKS}: default 40
   *   <li>{@value #DATABRICKS_DOMAIN}: the DNS suffix of workspace hosts, default {@code
   *       azuredatabricks.net} (a sovereign cloud's suffix there); lakewire sends its tokens only
   *       to {@code adb-<digits>.<digits>.<domain>}
   *   <li>the storage wiring settings of {@link StoragePolicy#fromSettings}
   *   <li>the policy-by-tags settings of {@link TagPolicy#fromSettings}
   *   <li>{@value #ATTACH_CONNECTOR}: {@code false} (default) or {@code true}
   * </ul>
   *
   * @throws InvalidInputException naming the setting that is wrong
   */
  public static OnboardingPolicy fromSettings(Map<String, String> settings) {
    return fromSettings(SettingValues.of(settings));
  }

  /** {@link #fromSettings(Map)} from settings already read. */
  public static OnboardingPolicy fromSettings(SettingValues s) {
    return new OnboardingPolicy(
        parseStorage(s.required(STORAGE_TARGETS, "")),
        parseRoles(s.get(STORAGE_ROLES, "Storage Blob Data Contributor")),
        parseMetastores(s.required(METASTORES, "")),
        parseCatalog(s.get(DEFAULT_CATALOG, "main")),
        parseExisting(s.get(EXISTING_METASTORE, "FAIL")),
        parseSubscriptions(s.get(ALLOWED_SUBSCRIPTIONS, "")),
        parseSuffix(s.get(CONNECTOR_SUFFIX, "-uc")),
        parseIdentity(s.get(CONNECTOR_IDENTITY, "SystemAssigned")),
        s.get(MAX_RECHECKS, 40, SettingValues::positive),
        parseDomain(s.get(DATABRICKS_DOMAIN, DatabricksHost.DEFAULT_DOMAIN)),
        StoragePolicy.fromSettings(s),
        TagPolicy.fromSettings(s),
        s.get(ATTACH_CONNECTOR, false, SettingValues::bool));
  }

  /**
   * This policy as a workspace's tags change it ({@link TagPolicy}): their storage instead of the
   * configured targets, their metastore for the workspace's region, and (when {@code withRoles})
   * their extra roles. Without {@code withRoles} the roles stay the configured ones: step 3 grants
   * roles only to the shared connector, which serves every workspace, so one workspace's tags must
   * not widen it.
   */
  public OnboardingPolicy withOverrides(TagPolicy.Overrides o, String region, boolean withRoles) {
    if (o == null || o.isEmpty()) {
      return this;
    }
    Map<String, String> metastores = new LinkedHashMap<>(metastoresByRegion);
    if (o.metastoreId() != null) {
      metastores.put(normalRegion(region), o.metastoreId());
    }
    List<BuiltInRole> allRoles = new ArrayList<>(roles);
    if (withRoles) {
      o.extraRoles().stream().filter(r -> !allRoles.contains(r)).forEach(allRoles::add);
    }
    return new OnboardingPolicy(
        o.storage() != null ? o.storage() : storage,
        allRoles,
        metastores,
        defaultCatalog,
        existingMetastore,
        allowedSubscriptions,
        connectorSuffix,
        connectorIdentity,
        maxRechecks,
        databricksDomain,
        wiring,
        tagPolicy,
        attachConnector);
  }

  private static String parseDomain(String value) {
    try {
      return DatabricksHost.checkDomain(value.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(DATABRICKS_DOMAIN, e.getMessage());
    }
  }

  /** The metastore configured for a region ({@code West Europe} and {@code westeurope} match). */
  public Optional<String> metastoreFor(String region) {
    return Optional.ofNullable(metastoresByRegion.get(normalRegion(region)));
  }

  /** Whether lakewire may act in this subscription. */
  public boolean allows(String subscriptionId) {
    return allowedSubscriptions.isEmpty()
        || allowedSubscriptions.contains(subscriptionId.toLowerCase(Locale.ROOT));
  }

  /**
   * Why lakewire may not act in this subscription ({@code subscription … is not in
   * LAKEWIRE_ALLOWED_SUBSCRIPTIONS}), or empty when it may: the one wording every entry point
   * refuses with.
   */
  public Optional<String> refusal(String subscriptionId) {
    return allows(subscriptionId)
        ? Optional.empty()
        : Optional.of("subscription " + subscriptionId + " is not in " + ALLOWED_SUBSCRIPTIONS);
  }

  /** The back-off before re-check number {@code generation + 1}: doubling from base, capped. */
  public static Duration backoff(int generation, Duration base, Duration cap) {
    long factor = 1L << Math.min(generation, 16);
    Duration d = base.multipliedBy(factor);
    return d.compareTo(cap) > 0 ? cap : d;
  }

  static String normalRegion(String region) {
    return region == null ? "" : region.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  private static List<TargetStorage> parseStorage(String value) {
    List<TargetStorage> out = new ArrayList<>();
    for (String entry : value.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split("=", 2);
      List<String> containers = new ArrayList<>();
      if (parts.length == 2) {
        for (String c : parts[1].split(",")) {
          if (!c.isBlank()) {
            containers.add(c.trim());
          }
        }
      }
      out.add(TargetStorage.of(STORAGE_TARGETS, parts[0].trim(), containers));
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(STORAGE_TARGETS, "names no storage account");
    }
    return out;
  }

  private static List<BuiltInRole> parseRoles(String value) {
    Set<BuiltInRole> out = new LinkedHashSet<>();
    for (String r : value.split(",")) {
      if (!r.isBlank()) {
        out.add(BuiltInRole.parse(STORAGE_ROLES, r));
      }
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(STORAGE_ROLES, "names no role");
    }
    return List.copyOf(out);
  }

  private static Map<String, String> parseMetastores(String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String entry : value.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split("=", 2);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new InvalidInputException(
            METASTORES, "'" + entry.trim() + "' is not <region>=<metastore id>");
      }
      String id = parts[1].trim();
      if (!METASTORE_ID.matcher(id).matches()) {
        throw new InvalidInputException(METASTORES, "'" + id + "' is not a metastore id (a UUID)");
      }
      out.put(normalRegion(parts[0]), id.toLowerCase(Locale.ROOT));
    }
    if (out.isEmpty()) {
      throw new InvalidInputException(METASTORES, "names no region");
    }
    return out;
  }

  private static String parseCatalog(String value) {
    String v = value.trim();
    if (!CATALOG.matcher(v).matches()) {
      throw new InvalidInputException(DEFAULT_CATALOG, "'" + v + "' is not a catalog name");
    }
    return v;
  }

  private static ExistingMetastorePolicy parseExisting(String value) {
    try {
      return ExistingMetastorePolicy.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          EXISTING_METASTORE, "'" + value + "' is neither FAIL nor REPLACE");
    }
  }

  private static Set<String> parseSubscriptions(String value) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : value.split(",")) {
      String v = s.trim().toLowerCase(Locale.ROOT);
      if (v.isEmpty()) {
        continue;
      }
      if (!METASTORE_ID.matcher(v).matches()) {
        throw new InvalidInputException(ALLOWED_SUBSCRIPTIONS, "'" + v + "' is not a GUID");
      }
      out.add(v);
    }
    return out;
  }

  private static String parseSuffix(String value) {
    if (!SUFFIX.matcher(value).matches()) {
      throw new InvalidInputException(
          CONNECTOR_SUFFIX, "'" + value + "' must be 0-16 of A-Z a-z 0-9 _ -");
    }
    return value;
  }

  private static String parseIdentity(String value) {
    String v = value.trim();
    if (v.isEmpty() || v.equalsIgnoreCase("SystemAssigned")) {
      return null;
    }
    if (!v.toLowerCase(Locale.ROOT)
        .contains("/providers/microsoft.managedidentity/userassignedidentities/")) {
      throw new InvalidInputException(
          CONNECTOR_IDENTITY,
          "'" + v + "' is neither SystemAssigned nor a user-assigned identity resource id");
    }
    return v;
  }
}
