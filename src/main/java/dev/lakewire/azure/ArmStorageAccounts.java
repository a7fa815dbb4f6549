package dev.lakewire.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.azure.resourcemanager.storage.fluent.models.StorageAccountInner;
import dev.lakewire.ports.StorageAccount;
import dev.lakewire.ports.StorageAccounts;
import java.util.Optional;

/** Reads storage accounts ({@code Microsoft.Storage/storageAccounts}) with the StorageManager. */
public final class ArmStorageAccounts implements StorageAccounts {

  private final ArmClients arm;

  public ArmStorageAccounts(ArmClients arm) {
    this.arm = arm;
  }

  @Override
  public Optional<StorageAccount> find(String storageAccountResourceId) {
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
