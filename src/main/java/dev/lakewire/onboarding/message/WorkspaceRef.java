package dev.lakewire.onboarding.message;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A validated ARM id of an Azure Databricks workspace: {@code
 * /subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Databricks/workspaces/{name}}, and
 * nothing else (no deployment, no sub-resource, no other type). An id given without its leading
 * {@code /} is normalised to have it.
 *
 * @param id the id as given (ARM ids compare case-insensitively: use {@link #key()})
 * @param subscriptionId the subscription GUID
 * @param resourceGroup the resource group name
 * @param name the workspace name
 */
public record WorkspaceRef(String id, String subscriptionId, String resourceGroup, String name) {

  /** The ARM resource type of workspaces. */
  public static final String TYPE = "Microsoft.Databricks/workspaces";

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  // Resource group: letters, digits, underscore, hyphen, period, parentheses; not ending in '.'.
  private static final Pattern RESOURCE_GROUP = Pattern.compile("[\\p{L}\\p{N}_\\-.()]{1,90}");
  // Databricks workspace names: 3-64 letters, digits, underscores, hyphens.
  private static final Pattern WORKSPACE_NAME = Pattern.compile("[A-Za-z0-9_-]{3,64}");
  private static final int MAX_ID_LENGTH = 512;

  /**
   * Parses and validates a workspace id.
   *
   * @param field the field name to put in the error
   * @throws InvalidInputException naming the field and the problem
   */
  public static WorkspaceRef parse(String field, String given) {
    if (given == null || given.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    // "subscriptions/…" (as copied from a portal URL) is the same resource as "/subscriptions/…":
    // normalised, so that the ledger key and every MessageId are those of the event's form and
    // duplicates still collapse. Anything else after that must be canonical (checked below).
    String id = given.regionMatches(true, 0, "subscriptions/", 0, 14) ? "/" + given : given;
    if (id.length() > MAX_ID_LENGTH) {
      throw new InvalidInputException(field, "is longer than " + MAX_ID_LENGTH + " characters");
    }
    if (!id.equals(id.strip()) || id.chars().anyMatch(c -> c < 0x20 || c == '?' || c == '#')) {
      throw new InvalidInputException(
          field, "contains whitespace, control, '?' or '#' characters: " + printable(id));
    }
    if (id.contains("//") || id.contains("/./") || id.contains("/../") || id.endsWith("/")) {
      throw new InvalidInputException(field, "is not a canonical ARM id: " + printable(id));
    }
    ResourceId parsed;
    try {
      parsed = ResourceId.fromString(id);
    } catch (RuntimeException e) {
      throw new InvalidInputException(field, "is not an ARM resource id: " + printable(id));
    }
    String type = parsed.fullResourceType();
    if (!TYPE.equalsIgnoreCase(type)) {
      throw new InvalidInputException(
          field, "is a " + type + ", not a " + TYPE + ": " + printable(id));
    }
    if (!GUID.matcher(nullToEmpty(parsed.subscriptionId())).matches()) {
      throw new InvalidInputException(field, "has no subscription GUID: " + printable(id));
    }
    String rg = nullToEmpty(parsed.resourceGroupName());
    if (!RESOURCE_GROUP.matcher(rg).matches() || rg.endsWith(".") || rg.matches("\\.+")) {
      throw new InvalidInputException(
          field, "has an invalid resource group name: " + printable(rg));
    }
    if (!WORKSPACE_NAME.matcher(parsed.name()).matches()) {
      throw new InvalidInputException(
          field, "has an invalid workspace name (3-64 of A-Z a-z 0-9 _ -): " + printable(id));
    }
    return new WorkspaceRef(
        id, parsed.subscriptionId().toLowerCase(Locale.ROOT), rg, parsed.name());
  }

  /** True when {@code id} is a workspace id ({@link #parse} would accept it). */
  public static boolean isWorkspaceId(String id) {
    try {
      parse("id", id);
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  /** The lower-cased id: ARM ids are case-insensitive, so this is what to compare and hash. */
  public String key() {
    return id.toLowerCase(Locale.ROOT);
  }

  /** The ARM id of the resource group the workspace is in. */
  public String resourceGroupId() {
    return "/subscriptions/" + subscriptionId + "/resourceGroups/" + resourceGroup;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  public static String printable(String s) {
    return dev.lakewire.ports.Match.printable(s);
  }
}
