package dev.lakewire.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import com.azure.resourcemanager.storage.models.DefaultAction;
import com.azure.resourcemanager.storage.models.NetworkRuleSet;
import com.azure.resourcemanager.storage.models.ResourceAccessRule;
import com.azure.resourcemanager.storage.models.StorageAccountUpdateParameters;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.StorageAccount;
import dev.lakewire.ports.StorageAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Storage accounts ({@code Microsoft.Storage/storageAccounts}) with the StorageManager: reads, and
 * the read-modify-write of {@code networkAcls.resourceAccessRules} ({@code PATCH} with the whole
 * network rule set as read, plus the new rule).
 *
 * <p>The target accounts are the same for every workspace: an account that was found is read again
 * by {@link #find} only after {@link #CACHE_FOR} (once per process per interval, not once per
 * workspace: issue 11); one that was not found is read again every time. {@link #findFresh} (a
 * diagnosis) and {@link #allowResourceAccess} always read ARM, and refresh the cache.
 *
 * <p>Two writers racing on one account can lose one rule (the PATCH replaces the list); the step
 * re-reads the account on its next run and adds a missing rule again, and storage validation fails
 * until the rule is there, so a lost rule delays a workspace but never completes it unreachable.
 */
public final class ArmStorageAccounts implements StorageAccounts {

  /** How long a found account is reused. */
  public static final Duration CACHE_FOR = Duration.ofMinutes(5);

  private record Cached(StorageAccount account, Instant readAt) {}

  private final ArmClients arm;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  public ArmStorageAccounts(ArmClients arm) {
    this.arm = arm;
  }

  @Override
  public Optional<StorageAccount> find(String storageAccountResourceId) {
    String key = storageAccountResourceId.toLowerCase(Locale.ROOT);
    Cached hit = cache.get(key);
    if (hit != null && hit.readAt().plus(CACHE_FOR).isAfter(arm.clock().instant())) {
      return Optional.of(hit.account());
    }
    return findFresh(storageAccountResourceId);
  }

  @Override
  public Optional<StorageAccount> findFresh(String storageAccountResourceId) {
    String key = storageAccountResourceId.toLowerCase(Locale.ROOT);
    Instant now = arm.clock().instant();
    Optional<StorageAccount> read =
        read(storageAccountResourceId).map(a -> toAccount(a, storageAccountResourceId));
    read.ifPresentOrElse(a -> cache.put(key, new Cached(a, now)), () -> cache.remove(key));
    return read;
  }

  @Override
  public void allowResourceAccess(String storageAccountResourceId, String resourceId) {
    cache.remove(storageAccountResourceId.toLowerCase(Locale.ROOT));
    ResourceId id = ResourceId.fromString(storageAccountResourceId);
    StorageAccountInner account =
        read(storageAccountResourceId)
            .orElseThrow(
                () ->
                    new CloudFailure.Permanent(
                        "storage account " + storageAccountResourceId + " does not exist", null));
    NetworkRuleSet rules = account.networkRuleSet();
    if (rules == null) {
      return;
    }
    List<ResourceAccessRule> list =
        rules.resourceAccessRules() == null
            ? new ArrayList<>()
            : new ArrayList<>(rules.resourceAccessRules());
    if (list.stream().anyMatch(r -> resourceId.equalsIgnoreCase(r.resourceId()))) {
      return;
    }
    list.add(
        new ResourceAccessRule().withResourceId(resourceId).withTenantId(tenantOf(resourceId)));
    rules.withResourceAccessRules(list);
    try {
      arm.storage(id.subscriptionId())
          .serviceClient()
          .getStorageAccounts()
          .updateWithResponse(
              id.resourceGroupName(),
              id.name(),
              new StorageAccountUpdateParameters().withNetworkRuleSet(rules),
              Context.NONE);
    } catch (RuntimeException e) {
      throw arm.failures()
          .classify(
              "PATCH storage account "
                  + storageAccountResourceId
                  + " (add a resource access rule for "
                  + resourceId
                  + ")",
              e);
    }
  }

  private Optional<StorageAccountInner> read(String storageAccountResourceId) {
    ResourceId id = ResourceId.fromString(storageAccountResourceId);
    try {
      return Optional.of(
          arm.storage(id.subscriptionId())
              .serviceClient()
              .getStorageAccounts()
              .getByResourceGroupWithResponse(id.resourceGroupName(), id.name(), null, Context.NONE)
              .getValue());
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw arm.failures().classify("GET storage account " + storageAccountResourceId, e);
    }
  }

  /** The tenant of a resource's managed identity (a resource access rule names it). */
  private String tenantOf(String resourceId) {
    ResourceId id = ResourceId.fromString(resourceId);
    try {
      GenericResourceInner r =
          arm.resources(id.subscriptionId())
              .getResources()
              .getByIdWithResponse(
                  ArmClients.relative(resourceId), ArmWorkspaces.API_VERSION, Context.NONE)
              .getValue();
      if (r.identity() != null && r.identity().tenantId() != null) {
        return r.identity().tenantId();
      }
    } catch (RuntimeException e) {
      throw arm.failures().classify("GET " + resourceId, e);
    }
    throw new CloudFailure.NotYet(resourceId + " shows no identity tenant yet", null);
  }

  private static StorageAccount toAccount(StorageAccountInner a, String fallbackId) {
    ResourceId id = ResourceId.fromString(fallbackId);
    NetworkRuleSet rules = a.networkRuleSet();
    List<String> allowed = new ArrayList<>();
    if (rules != null && rules.resourceAccessRules() != null) {
      rules.resourceAccessRules().forEach(r -> allowed.add(r.resourceId()));
    }
    return new StorageAccount(
        a.id() == null ? fallbackId : a.id(),
        a.name() == null ? id.name() : a.name(),
        Boolean.TRUE.equals(a.isHnsEnabled()),
        a.primaryEndpoints() == null ? null : a.primaryEndpoints().dfs(),
        rules != null && DefaultAction.DENY.equals(rules.defaultAction()),
        allowed);
  }
}
