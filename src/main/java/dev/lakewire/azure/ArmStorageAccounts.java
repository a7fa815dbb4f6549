package dev.lakewire.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import dev.lakewire.ports.StorageAccount;
import dev.lakewire.ports.StorageAccounts;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads storage accounts ({@code Microsoft.Storage/storageAccounts}) with the StorageManager.
 *
 * <p>The target accounts are the same for every workspace: an account that was found is read again
 * only after {@link #CACHE_FOR} (once per process per interval, not once per workspace: issue 11);
 * one that was not found is read again every time.
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
    Instant now = arm.clock().instant();
    Cached hit = cache.get(key);
    if (hit != null && hit.readAt().plus(CACHE_FOR).isAfter(now)) {
      return Optional.of(hit.account());
    }
    Optional<StorageAccount> read = read(storageAccountResourceId);
    read.ifPresentOrElse(a -> cache.put(key, new Cached(a, now)), () -> cache.remove(key));
    return read;
  }

  private Optional<StorageAccount> read(String storageAccountResourceId) {
    ResourceId id = ResourceId.fromString(storageAccountResourceId);
    StorageAccountInner a;
    try {
      a =
          arm.storage(id.subscriptionId())
              .serviceClient()
              .getStorageAccounts()
              .getByResourceGroupWithResponse(id.resourceGroupName(), id.name(), null, Context.NONE)
              .getValue();
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw arm.failures().classify("GET storage account " + storageAccountResourceId, e);
    }
    return Optional.of(
        new StorageAccount(
            a.id() == null ? storageAccountResourceId : a.id(),
            a.name() == null ? id.name() : a.name(),
            Boolean.TRUE.equals(a.isHnsEnabled()),
            a.primaryEndpoints() == null ? null : a.primaryEndpoints().dfs()));
  }
}
