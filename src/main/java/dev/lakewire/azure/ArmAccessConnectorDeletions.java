package dev.lakewire.azure;

import com.azure.core.http.rest.Response;
import com.azure.core.util.FluxUtil;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorDeletions;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.Managed;
import java.nio.ByteBuffer;
import reactor.core.publisher.Flux;

/** Deleting Access Connectors (offboarding), read as {@link ArmAccessConnectors} reads them. */
public final class ArmAccessConnectorDeletions implements AccessConnectorDeletions {

  private final ArmClients arm;

  public ArmAccessConnectorDeletions(ArmClients arm) {
    this.arm = arm;
  }

  @Override
  public Managed<AccessConnectorSpec, AccessConnector> connectors() {
    return Managed.deletedBy(
        new ArmAccessConnectors(arm), (expected, actual) -> delete(expected.id()));
  }

  /**
   * One DELETE, not polled (AccessConnectors_Delete answers 200, 202 with Azure-AsyncOperation, or
   * 204 when there was none; azure-rest-api-specs example AccessConnectorDelete.json): the
   * offboarding step reads the connector again and re-checks while it is still there.
   */
  private boolean delete(String accessConnectorResourceId) {
    ResourceId id = ResourceId.fromString(accessConnectorResourceId);
    Response<Flux<ByteBuffer>> response;
    try {
      response =
          arm.resources(id.subscriptionId())
              .serviceClient()
              .getResources()
              .deleteByIdWithResponseAsync(
                  ArmClients.relative(accessConnectorResourceId), ArmWorkspaces.API_VERSION)
              .block();
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return false;
      }
      throw arm.failures().classify("DELETE access connector " + accessConnectorResourceId, e);
    }
    if (response != null && response.getValue() != null) {
      // drain (and so release) the body; nothing in it is needed
      FluxUtil.collectBytesInByteBufferStream(response.getValue()).block();
    }
    return response == null || response.getStatusCode() != 204;
  }
}
