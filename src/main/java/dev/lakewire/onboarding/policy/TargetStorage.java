package dev.lakewire.onboarding.policy;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.onboarding.message.InvalidInputException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A customer ADLS Gen2 account lakewire exposes to new workspaces, with the containers to expose.
 * Roles are granted on each container (least privilege); with no containers, on the account.
 *
 * @param storageAccountId the ARM id of the storage account
 * @param containers the containers to expose (each gets an external location)
 */
public record TargetStorage(String storageAccountId, List<String> containers) {

  private static final Pattern CONTAINER =
      Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");
  private static final Pattern ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

  public TargetStorage {
    containers = List.copyOf(containers);
  }

  /**
   * Validates an account id and its containers.
   *
   * @throws InvalidInputException naming {@code field}
   */
  public static TargetStorage of(String field, String storageAccountId, List<String> containers) {
    ResourceId id;
    try {
      id = ResourceId.fromString(storageAccountId);
    } catch (RuntimeException e) {
      throw new InvalidInputException(
          field, "'" + storageAccountId + "' is not an ARM resource id of a storage account");
    }
    if (!"Microsoft.Storage/storageAccounts".equalsIgnoreCase(id.fullResourceType())
        || !ACCOUNT.matcher(id.name()).matches()) {
      throw new InvalidInputException(
          field, "'" + storageAccountId + "' is not a Microsoft.Storage/storageAccounts id");
    }
    for (String c : containers) {
      if (!CONTAINER.matcher(c).matches()) {
        throw new InvalidInputException(
            field, "'" + c + "' is not a valid container name (3-63 of a-z 0-9 -)");
      }
    }
    return new TargetStorage(storageAccountId, containers);
  }

  public String accountName() {
    return ResourceId.fromString(storageAccountId).name().toLowerCase(Locale.ROOT);
  }

  public String subscriptionId() {
    return ResourceId.fromString(storageAccountId).subscriptionId();
  }

  /** The scopes roles are granted on: each container, or the account when none is listed. */
  public List<String> roleScopes() {
    if (containers.isEmpty()) {
      return List.of(storageAccountId);
    }
    return containers.stream()
        .map(c -> storageAccountId + "/blobServices/default/containers/" + c)
        .toList();
  }

  /** The abfss:// URL of a container. */
  public String abfssUrl(String container) {
    return "abfss://" + container + "@" + accountName() + ".dfs.core.windows.net/";
  }
}
