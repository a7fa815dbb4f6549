package dev.lakewire.azure;

import com.azure.core.http.rest.Response;
import com.azure.core.util.FluxUtil;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.azure.resourcemanager.resources.models.Identity;
import com.azure.resourcemanager.resources.models.IdentityUserAssignedIdentitiesValue;
import com.azure.resourcemanager.resources.models.ResourceIdentityType;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorDeletions;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.Managed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;

/**
 * Azure Databricks Access Connectors ({@code Microsoft.Databricks/accessConnectors}, api-version
 * {@value ArmWorkspaces#API_VERSION}) as generic ARM resources.
 *
 * <p>{@link #create} (and {@link #update}, the same PUT keeping the connector's other tags) sends
 * one PUT and returns ARM's first answer (201 with {@code provisioningState} {@code
 * Accepted}/{@code Creating}, or 200 when it already existed); it never polls the long-running
 * operation: step 2 re-checks the connector on the shared clock instead of a thread waiting in the
 * SDK. A PUT replaces the whole resource, tags included (ARM "Resources - Create Or Update By Id"),
 * hence the tags kept.
 */
public final class ArmAccessConnectors implements AccessConnectors {

  private final ArmClients arm;

  public ArmAccessConnectors(ArmClients arm) {
    this.arm = arm;
  }

  @Override
  public Optional<AccessConnector> find(String accessConnectorResourceId) {
    return arm.genericResource(
            accessConnectorResourceId, "GET access connector " + accessConnectorResourceId)
        .map(r -> toConnector(r, accessConnectorResourceId));
  }

  @Override
  public AccessConnector create(AccessConnectorSpec spec) {
    ResourceId id = ResourceId.fromString(spec.id());
    GenericResourceInner body = body(spec);
    Response<Flux<ByteBuffer>> response;
    byte[] bytes;
    try {
      response =
          arm.resources(id.subscriptionId())
              .getResources()
              .createOrUpdateByIdWithResponseAsync(
                  ArmClients.relative(spec.id()), ArmWorkspaces.API_VERSION, body)
              .block();
      bytes =
          response == null || response.getValue() == null
              ? new byte[0]
              : FluxUtil.collectBytesInByteBufferStream(response.getValue()).block();
    } catch (RuntimeException e) {
      throw arm.failures().classify("PUT access connector " + spec.id(), e);
    }
    if (bytes == null || bytes.length == 0) {
      return new AccessConnector(
          spec.id(), id.name(), spec.location(), "Accepted", null, spec.tags());
    }
    try (JsonReader reader = JsonProviders.createReader(bytes)) {
      return toConnector(GenericResourceInner.fromJson(reader), spec.id());
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable PUT answer for " + spec.id(), e);
    }
  }

  /**
   * Deleting connectors (offboarding): observed and compared as here, deleted by one DELETE; a
   * separate port, so the onboarding steps, which hold this one, cannot delete.
   */
  public AccessConnectorDeletions deletions() {
    return () -> Managed.deletedBy(this, (expected, actual) -> deleteById(expected.id()));
  }

  /**
   * One DELETE, not polled (AccessConnectors_Delete answers 200, 202 with Azure-AsyncOperation, or
   * 204 when there was none; azure-rest-api-specs example AccessConnectorDelete.json): the
   * offboarding step reads the connector again and re-checks while it is still there.
   */
  private boolean deleteById(String accessConnectorResourceId) {
    ResourceId id = ResourceId.fromString(accessConnectorResourceId);
    Response<Flux<ByteBuffer>> response;
    try {
      response =
          arm.resources(id.subscriptionId())
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

  /** The PUT body: location, tags, identity (system-assigned unless the spec names one). */
  static GenericResourceInner body(AccessConnectorSpec spec) {
    Identity identity =
        spec.userAssignedIdentityId() == null
            ? new Identity().withType(ResourceIdentityType.SYSTEM_ASSIGNED)
            : new Identity()
                .withType(ResourceIdentityType.USER_ASSIGNED)
                .withUserAssignedIdentities(
                    Map.of(
                        spec.userAssignedIdentityId(), new IdentityUserAssignedIdentitiesValue()));
    GenericResourceInner body =
        new GenericResourceInner().withIdentity(identity).withProperties(Map.of());
    body.withLocation(spec.location());
    body.withTags(spec.tags());
    return body;
  }

  static AccessConnector toConnector(GenericResourceInner r, String fallbackId) {
    String id = r.id() == null ? fallbackId : r.id();
    String name = r.name() == null ? ResourceId.fromString(id).name() : r.name();
    Identity identity = r.identity();
    return new AccessConnector(
        id,
        name,
        r.location(),
        GenericProperties.text(GenericProperties.of(r), "provisioningState"),
        identity == null ? null : identity.principalId(),
        r.tags(),
        identityType(identity),
        userAssigned(identity));
  }

  /**
   * ARM's identity type, as the SDK parses it: {@code SystemAssigned}, {@code UserAssigned}, {@code
   * SystemAssigned, UserAssigned} or {@code None}; {@code Unknown} when ARM sent a type the SDK
   * does not know (never taken for one lakewire asked for).
   */
  static String identityType(Identity identity) {
    if (identity == null) {
      return ResourceIdentityType.NONE.toString();
    }
    return identity.type() == null ? "Unknown" : identity.type().toString();
  }

  /**
   * Every attached user-assigned identity: its ARM id to its principal id (null while not shown).
   * No fallback: which one lakewire may grant to is the policy's decision, not the order here.
   */
  static Map<String, String> userAssigned(Identity identity) {
    Map<String, String> out = new LinkedHashMap<>();
    if (identity == null || identity.userAssignedIdentities() == null) {
      return out;
    }
    identity
        .userAssignedIdentities()
        .forEach((uami, v) -> out.put(uami, v == null ? null : v.principalId()));
    return out;
  }
}
