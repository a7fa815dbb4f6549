package dev.lakewire.onboarding.policy;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.onboarding.message.AppSetting;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.SettingValues;
import dev.lakewire.onboarding.message.StepMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Policy by tags: what a workspace's own ARM tags ({@code lakewire:*}) may change about its
 * onboarding, bounded by what the operator allows in app settings.
 *
 * <p>A workspace owner can set any tag on the workspace, so a tag only ever <em>chooses</em> among
 * values the operator listed: lakewire's RBAC writes never go to a storage account, container,
 * metastore or role that no setting names. The tags:
 *
 * <ul>
 *   <li>{@value #SKIP} = {@code true}: nothing is written for this workspace; the ledger says
 *       {@code SKIPPED} naming the tag ({@code false} is the same as no tag)
 *   <li>{@value #STORAGE} = a storage account name or ARM id: this account instead of {@value
 *       OnboardingPolicy#STORAGE_TARGETS}; it must be one of {@value #TAG_STORAGE} or {@value
 *       OnboardingPolicy#STORAGE_TARGETS}
 *   <li>{@value #CONTAINERS} = comma-separated container names: these containers of the chosen (or
 *       the single configured) account, each a valid container name and listed for that account (or
 *       the account is listed with {@code *})
 *   <li>{@value #METASTORE} = a metastore id: the region's metastore in {@value
 *       OnboardingPolicy#METASTORES} or one {@value #TAG_METASTORES} lists for that region
 *   <li>{@value #ROLES} = comma-separated role names: added to {@value
 *       OnboardingPolicy#STORAGE_ROLES} for the workspace's connector, each one {@value #TAG_ROLES}
 *       lists
 * </ul>
 *
 * <p>Any other {@code lakewire:} tag, a bad value or a value outside what the settings allow is an
 * invalid policy: the onboarding fails naming the tag and the value, before anything is written.
 * ARM tag names are case-insensitive ("Tag names are case-insensitive for operations",
 * https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations),
 * so {@code LakeWire:Skip} is {@value #SKIP}; two tags that differ only in case are refused as
 * ambiguous. Tag values are case-sensitive there; lakewire compares booleans, ids and role names
 * case-insensitively, and container names must be lower case as Azure Storage requires.
 *
 * @param storage the storage accounts (and containers, {@code *} for any) a tag may choose, besides
 *     the configured targets
 * @param roles the roles a tag may add
 * @param metastores region (normalised) to the extra metastore ids a tag may choose there
 */
public record TagPolicy(
    List<TargetStorage> storage, Set<BuiltInRole> roles, Map<String, Set<String>> metastores) {

  /** Tag prefix of every policy tag. */
  public static final String PREFIX = StepMessage.POLICY_TAG_PREFIX;

  public static final String SKIP = "lakewire:skip";
  public static final String STORAGE = "lakewire:storage";
  public static final String CONTAINERS = "lakewire:containers";
  public static final String METASTORE = "lakewire:metastore";
  public static final String ROLES = "lakewire:roles";

  /** The policy tags lakewire reads on a workspace. */
  public static final List<String> TAGS = List.of(SKIP, STORAGE, CONTAINERS, METASTORE, ROLES);

  /** Setting: storage accounts and containers a {@value #STORAGE} tag may choose. */
  @AppSetting public static final String TAG_STORAGE = "LAKEWIRE_TAG_STORAGE";

  /** Setting: roles a {@value #ROLES} tag may add. */
  @AppSetting public static final String TAG_ROLES = "LAKEWIRE_TAG_ROLES";

  /** Setting: extra metastores per region a {@value #METASTORE} tag may choose. */
  @AppSetting public static final String TAG_METASTORES = "LAKEWIRE_TAG_METASTORES";

  /** Container wildcard in {@value #TAG_STORAGE}: any valid container name of that account. */
  public static final String ANY_CONTAINER = "*";

  /** Nothing may be chosen by tags except {@value #SKIP}. */
  public static final TagPolicy NONE = new TagPolicy(List.of(), Set.of(), Map.of());

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  /**
   * Container names (https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-
   * containers--blobs--and-metadata#container-names): 3-63 characters, lower-case letters, digits
   * and dashes, starting and ending with a letter or digit, no two dashes in a row.
   */
  private static final Pattern CONTAINER =
      Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

  /** Storage account names: 3-24 lower-case letters and digits. */
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

  public TagPolicy {
    storage = List.copyOf(storage);
    roles = Set.copyOf(roles);
    Map<String, Set<String>> m = new LinkedHashMap<>();
    metastores.forEach((k, v) -> m.put(k, Set.copyOf(v)));
    metastores = Map.copyOf(m);
  }

  /** What the tags ask for, as the settings bound it. */
  public sealed interface Decision {}

  /** Onboard, with these overrides (none when the workspace has no policy tags). */
  public record Apply(Overrides overrides) implements Decision {}

  /** {@value #SKIP}: write nothing. */
  public record Skip(String reason) implements Decision {}

  /** A tag is unknown, malformed or outside the settings: fail, write nothing. */
  public record Invalid(String reason) implements Decision {}

  /**
   * What the tags change for one workspace.
   *
   * @param storage the storage targets instead of the configured ones; null: the configured ones
   * @param metastoreId the metastore instead of the region's; null: the region's
   * @param extraRoles roles added to the configured ones for the workspace's connector
   */
  public record Overrides(
      List<TargetStorage> storage, String metastoreId, List<BuiltInRole> extraRoles) {
    public static final Overrides NONE = new Overrides(null, null, List.of());

    public Overrides {
      storage = storage == null ? null : List.copyOf(storage);
      extraRoles = List.copyOf(extraRoles);
    }

    public boolean isEmpty() {
      return storage == null && metastoreId == null && extraRoles.isEmpty();
    }

    /** What the timeline and the ledger say about it. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (storage != null) {
        parts.add(
            "storage "
                + String.join(
                    ", ",
                    storage.stream()
                        .map(t -> t.accountName() + "/" + String.join("+", t.containers()))
                        .toList()));
      }
      if (metastoreId != null) {
        parts.add("metastore " + metastoreId);
      }
      if (!extraRoles.isEmpty()) {
        parts.add("extra roles " + extraRoles);
      }
      return parts.isEmpty() ? "no policy tags" : "by tags " + String.join(", ", parts);
    }
  }

  /**
   * Reads the settings {@value #TAG_STORAGE} ({@code <storage account id>=<container>,...;...},
   * {@code *} for any container; default none), {@value #TAG_ROLES} (comma-separated role names;
   * default none) and {@value #TAG_METASTORES} ({@code <region>=<metastore id>,...}; default none).
   *
   * @throws InvalidInputException naming the setting that is wrong
   */
  public static TagPolicy fromSettings(SettingValues settings) {
    List<TargetStorage> storage = new ArrayList<>();
    for (String entry : settings.get(TAG_STORAGE, "").split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.trim().split("=", 2);
      List<String> containers = new ArrayList<>();
      boolean any = false;
      if (parts.length == 2) {
        for (String c : parts[1].split(",")) {
          if (c.trim().equals(ANY_CONTAINER)) {
            any = true;
          } else if (!c.isBlank()) {
            containers.add(c.trim());
          }
        }
      }
      TargetStorage t = TargetStorage.of(TAG_STORAGE, parts[0].trim(), containers);
      if (any) {
        List<String> withAny = new ArrayList<>(t.containers());
        withAny.add(ANY_CONTAINER);
        t = new TargetStorage(t.storageAccountId(), withAny);
      }
      storage.add(t);
    }
    Set<BuiltInRole> roles = new LinkedHashSet<>();
    for (String r : settings.get(TAG_ROLES, "").split(",")) {
      if (!r.isBlank()) {
        roles.add(BuiltInRole.parse(TAG_ROLES, r));
      }
    }
    Map<String, Set<String>> metastores = new LinkedHashMap<>();
    for (String entry : settings.get(TAG_METASTORES, "").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split("=", 2);
      if (parts.length != 2 || parts[0].isBlank() || !GUID.matcher(parts[1].trim()).matches()) {
        throw new InvalidInputException(
            TAG_METASTORES, "'" + entry.trim() + "' is not <region>=<metastore id (a UUID)>");
      }
      metastores
          .computeIfAbsent(OnboardingPolicy.normalRegion(parts[0]), k -> new LinkedHashSet<>())
          .add(parts[1].trim().toLowerCase(Locale.ROOT));
    }
    return new TagPolicy(storage, roles, metastores);
  }

  /**
   * Decides what a workspace's tags ask for. Pure: no cloud call, the same answer for the same tags
   * and settings (each step may decide again from the tags step 1 carried).
   *
   * @param tags the workspace's ARM tags (any names; only {@code lakewire:*} ones are read)
   * @param region the workspace's region
   * @param base the configured policy (its targets and metastores are always allowed)
   */
  public Decision decide(Map<String, String> tags, String region, OnboardingPolicy base) {
    Map<String, String> mine = new TreeMap<>();
    Map<String, String> spelled = new LinkedHashMap<>();
    for (Map.Entry<String, String> t :
        (tags == null ? Map.<String, String>of() : tags).entrySet()) {
      String key = t.getKey() == null ? "" : t.getKey().trim().toLowerCase(Locale.ROOT);
      if (!key.startsWith(PREFIX)) {
        continue;
      }
      if (spelled.containsKey(key)) {
        return new Invalid(
            "tags '"
                + LogText.clean(spelled.get(key))
                + "' and '"
                + LogText.clean(t.getKey())
                + "' are the same tag (ARM tag names are case-insensitive); keep one");
      }
      spelled.put(key, t.getKey());
      if (!TAGS.contains(key)) {
        return new Invalid(
            "tag '"
                + LogText.clean(t.getKey())
                + "' is not a lakewire policy tag; known: "
                + String.join(", ", TAGS));
      }
      mine.put(key, t.getValue() == null ? "" : t.getValue().trim());
    }
    if (mine.containsKey(SKIP)) {
      String v = mine.get(SKIP);
      if (v.equalsIgnoreCase("true")) {
        return new Skip(
            "the workspace is tagged " + spelled.get(SKIP) + "=" + v + ": nothing written");
      }
      if (!v.equalsIgnoreCase("false")) {
        return invalid(SKIP, v, "expected true or false");
      }
    }
    List<TargetStorage> storage = null;
    if (mine.containsKey(STORAGE) || mine.containsKey(CONTAINERS)) {
      Object chosen = chooseStorage(mine, base);
      if (chosen instanceof Invalid bad) {
        return bad;
      }
      storage = List.of((TargetStorage) chosen);
    }
    String metastore = null;
    if (mine.containsKey(METASTORE)) {
      String v = mine.get(METASTORE);
      if (!GUID.matcher(v).matches()) {
        return invalid(METASTORE, v, "not a metastore id (a UUID)");
      }
      String id = v.toLowerCase(Locale.ROOT);
      String normal = OnboardingPolicy.normalRegion(region);
      boolean known =
          base.metastoreFor(region).map(id::equals).orElse(false)
              || metastores.getOrDefault(normal, Set.of()).contains(id);
      if (!known) {
        return invalid(
            METASTORE,
            v,
            "not a metastore lakewire knows for region "
                + LogText.clean(region)
                + " ("
                + OnboardingPolicy.METASTORES
                + ", "
                + TAG_METASTORES
                + ")");
      }
      metastore = id;
    }
    List<BuiltInRole> extra = new ArrayList<>();
    if (mine.containsKey(ROLES)) {
      String v = mine.get(ROLES);
      for (String r : v.split(",")) {
        if (r.isBlank()) {
          continue;
        }
        BuiltInRole role;
        try {
          role = BuiltInRole.parse(ROLES, r);
        } catch (InvalidInputException e) {
          return invalid(ROLES, r.trim(), "not a role lakewire knows");
        }
        if (!roles.contains(role)) {
          return invalid(
              ROLES, r.trim(), "not among the roles " + TAG_ROLES + " allows: " + roles.toString());
        }
        if (!base.roles().contains(role) && !extra.contains(role)) {
          extra.add(role);
        }
      }
      if (v.isBlank()) {
        return invalid(ROLES, v, "names no role");
      }
    }
    return new Apply(new Overrides(storage, metastore, extra));
  }

  /** The one storage target the tags choose, or an {@link Invalid}. */
  private Object chooseStorage(Map<String, String> mine, OnboardingPolicy base) {
    List<TargetStorage> candidates = new ArrayList<>(base.storage());
    candidates.addAll(storage);
    TargetStorage account;
    if (mine.containsKey(STORAGE)) {
      String v = mine.get(STORAGE);
      List<TargetStorage> matches;
      if (v.startsWith("/")) {
        String id;
        try {
          id = ResourceId.fromString(v).id();
        } catch (RuntimeException e) {
          return invalid(STORAGE, v, "not a storage account name or ARM id");
        }
        matches =
            candidates.stream().filter(t -> t.storageAccountId().equalsIgnoreCase(id)).toList();
      } else {
        if (!ACCOUNT.matcher(v).matches()) {
          return invalid(
              STORAGE, v, "not a storage account name (3-24 lower-case letters and digits)");
        }
        matches = candidates.stream().filter(t -> t.accountName().equals(v)).toList();
      }
      Set<String> ids = new LinkedHashSet<>();
      matches.forEach(t -> ids.add(t.storageAccountId().toLowerCase(Locale.ROOT)));
      if (ids.isEmpty()) {
        return invalid(
            STORAGE,
            v,
            "not a storage account "
                + TAG_STORAGE
                + " or "
                + OnboardingPolicy.STORAGE_TARGETS
                + " lists");
      }
      if (ids.size() > 1) {
        return invalid(
            STORAGE, v, "names accounts in several subscriptions or groups; use the ARM id");
      }
      account = merged(matches);
    } else {
      if (base.storage().size() != 1) {
        return invalid(
            CONTAINERS,
            mine.get(CONTAINERS),
            "several storage accounts are configured; name one with " + STORAGE);
      }
      account = merged(candidates.stream().filter(t -> same(t, base.storage().get(0))).toList());
    }
    if (!mine.containsKey(CONTAINERS)) {
      if (account.containers().contains(ANY_CONTAINER)) {
        return invalid(
            STORAGE,
            mine.get(STORAGE),
            "its containers are not listed ("
                + TAG_STORAGE
                + " says *): name them with "
                + CONTAINERS);
      }
      return account;
    }
    String v = mine.get(CONTAINERS);
    Set<String> chosen = new LinkedHashSet<>();
    for (String c : v.split(",")) {
      String name = c.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!CONTAINER.matcher(name).matches()) {
        return invalid(
            CONTAINERS,
            name,
            "not a valid container name (3-63 of a-z 0-9 -, starting and ending with a letter or"
                + " digit, no --)");
      }
      boolean allowed =
          account.containers().isEmpty()
              || account.containers().contains(ANY_CONTAINER)
              || account.containers().contains(name);
      if (!allowed) {
        return invalid(
            CONTAINERS,
            name,
            "not a container lakewire may use in "
                + account.accountName()
                + " (allowed: "
                + String.join(", ", account.containers())
                + ")");
      }
      chosen.add(name);
    }
    if (chosen.isEmpty()) {
      return invalid(CONTAINERS, v, "names no container");
    }
    return new TargetStorage(account.storageAccountId(), List.copyOf(chosen));
  }

  private static boolean same(TargetStorage a, TargetStorage b) {
    return a.storageAccountId().equalsIgnoreCase(b.storageAccountId());
  }

  /**
   * One account's allowed containers across the entries that name it; none listed in one entry
   * means the whole account, which admits any container.
   */
  private static TargetStorage merged(List<TargetStorage> entries) {
    Set<String> containers = new LinkedHashSet<>();
    for (TargetStorage t : entries) {
      if (t.containers().isEmpty()) {
        return new TargetStorage(entries.get(0).storageAccountId(), List.of());
      }
      containers.addAll(t.containers());
    }
    return new TargetStorage(entries.get(0).storageAccountId(), List.copyOf(containers));
  }

  private static Invalid invalid(String tag, String value, String why) {
    return new Invalid(
        "invalid policy tag "
            + tag
            + "='"
            + LogText.clean(value)
            + "': "
            + why
            + "; nothing written");
  }
}
