package dev.lakewire.azure;

import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.Workspaces;
import java.util.Map;
import java.util.Optional;

/**
 * Reads Azure Databricks workspaces ({@code Microsoft.Databricks/workspaces}, api-version {@value
 * #API_VERSION}) as generic ARM resources.
 */
public final class ArmWorkspaces implements Workspaces {

  /** The Microsoft.Databricks api-version lakewire speaks. */
  public static final String API_VERSION = "2026-01-01";

  private final ArmClients arm;

  public ArmWorkspaces(ArmClients arm) {
    this.arm = arm;
  }

  @Override
  public Optional<Workspace> find(String workspaceResourceId) {
    ResourceId id = ResourceId.fromString(workspaceResourceId);
    GenericResourceInner r;
    try {
      r =
          arm.resources(id.subscriptionId())
              .serviceClient()
              .getResources()
              .getByIdWithResponse(
                  ArmClients.relative(workspaceResourceId), API_VERSION, Context.NONE)
              .getValue();
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw arm.failures().classify("GET workspace " + workspaceResourceId, e);
    }
    Map<String, Object> props = GenericProperties.of(r);
    return Optional.of(
        new Workspace(
            r.id() == null ? workspaceResourceId : r.id(),
            r.name() == null ? id.name() : r.name(),
            r.location(),
            GenericProperties.text(props, "provisioningState"),
            GenericProperties.text(props, "workspaceId"),
            GenericProperties.text(props, "workspaceUrl"),
            r.tags()));
  }
}
