package dev.lakewire.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.ConnectorAttachment;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Flux;

/**
 * Reads Azure Databricks workspaces ({@code Microsoft.Databricks/workspaces}, api-version {@value
 * #API_VERSION}) as generic ARM resources.
 *
 * <p>{@link #list} is ARM's "Workspaces - List By Subscription" ({@code GET
 * /subscriptions/{s}/providers/Microsoft.Databricks/workspaces}), sent through the resource
 * manager's own pipeline (credential, retry policy without 429 retries), following {@code nextLink}
 * until ARM gives none, as every ARM list does
 * (https://learn.microsoft.com/rest/api/databricks/workspaces/list-by-subscription).
 */
public final class ArmWorkspaces implements Workspaces {

  /** The Microsoft.Databricks api-version lakewire speaks. */
  public static final String API_VERSION = "2026-01-01";

  /** Pages followed at most: a loop of nextLinks is ARM's bug, not a reason to spin forever. */
  static final int MAX_PAGES = 1000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ArmClients arm;

  public ArmWorkspaces(ArmClients arm) {
    this.arm = arm;
  }

  /**
   * Workspace properties that are read-only in the Microsoft.Databricks REST spec (2024-05-01,
   * databricks.json {@code WorkspaceProperties}): left out of the read-modify-write PUT body.
   */
  static final List<String> READ_ONLY =
      List.of(
          "provisioningState",
          "workspaceId",
          "workspaceUrl",
          "createdDateTime",
          "isUcEnabled",
          "privateEndpointConnections",
          "diskEncryptionSetId",
          "createdBy",
          "updatedBy",
          "storageAccountIdentity",
          "managedDiskIdentity");

  @Override
  public Optional<Workspace> find(String workspaceResourceId) {
    // the workspace is read to act on it: its connector's GET follows in the same subscription
    // (step 1), so both reads are reserved together; a held-back second read would otherwise
    // waste the first when the step is re-checked (issue 11)
    arm.reserveReads(
        ResourceId.fromString(workspaceResourceId).subscriptionId(),
        2,
        "GET " + workspaceResourceId);
    Optional<GenericResourceInner> found = read(workspaceResourceId);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    ResourceId id = ResourceId.fromString(workspaceResourceId);
    GenericResourceInner r = found.get();
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

  @Override
  public List<Workspace> list(String subscriptionId) {
    HttpPipeline pipeline = arm.resources(subscriptionId).getHttpPipeline();
    String url =
        arm.endpoint()
            + "/subscriptions/"
            + subscriptionId
            + "/providers/Microsoft.Databricks/workspaces?api-version="
            + API_VERSION;
    String what = "GET workspaces of subscription " + subscriptionId;
    List<Workspace> out = new ArrayList<>();
    for (int page = 0; url != null; page++) {
      if (page == MAX_PAGES) {
        throw new IllegalStateException(what + ": more than " + MAX_PAGES + " pages");
      }
      JsonNode body;
      try (HttpResponse response =
          pipeline.sendSync(new HttpRequest(HttpMethod.GET, url), Context.NONE)) {
        String text = response.getBodyAsBinaryData().toString();
        if (response.getStatusCode() != 200) {
          throw arm.failures()
              .classify(what, new HttpResponseException(what + ": " + text, response, text));
        }
        body = JSON.readTree(text);
      } catch (IOException e) {
        throw new UncheckedIOException(what + ": unreadable answer", e);
      }
      for (JsonNode w : body.path("value")) {
        out.add(workspace(w));
      }
      String next = body.path("nextLink").asText(null);
      url = next == null || next.isBlank() ? null : next;
    }
    return out;
  }

  private static Workspace workspace(JsonNode w) {
    JsonNode p = w.path("properties");
    Map<String, String> tags = new LinkedHashMap<>();
    w.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    return new Workspace(
        w.path("id").asText(),
        w.path("name").asText(),
        w.path("location").asText(null),
        p.path("provisioningState").asText(null),
        p.path("workspaceId").asText(null),
        p.path("workspaceUrl").asText(null),
        tags);
  }

  @Override
  public Optional<ConnectorAttachment> attachment(String workspaceResourceId) {
    return read(workspaceResourceId).map(ArmWorkspaces::attachmentOf);
  }

  static ConnectorAttachment attachmentOf(GenericResourceInner r) {
    Map<String, Object> props = GenericProperties.of(r);
    Object ac = props.get("accessConnector");
    String id = null;
    String type = null;
    if (ac instanceof Map<?, ?> m) {
      id = m.get("id") == null ? null : String.valueOf(m.get("id"));
      type = m.get("identityType") == null ? null : String.valueOf(m.get("identityType"));
    }
    return new ConnectorAttachment(GenericProperties.text(props, "provisioningState"), id, type);
  }

  /**
   * Reads the workspace again and PUTs it back with {@code properties.accessConnector} set: {@code
   * {id, identityType}} ({@code userAssignedIdentityId} too for a user-assigned identity), and
   * {@code defaultStorageFirewall} as it was ({@code Disabled} when absent: lakewire never changes
   * the workspace storage firewall). The two travel together: terraform-provider-azurerm sends the
   * connector only with {@code DefaultStorageFirewall} (internal/services/databricks/
   * databricks_workspace_resource.go) and the spec ties the firewall to a connector. No {@code
   * If-Match}: the workspace has no etag (see the onboarding AttachConnector); the PUT is sent only
   * when this fresh read finds the workspace {@code Succeeded} with no connector, else {@link
   * CloudFailure.NotYet} (the step looks again). Returns ARM's first answer; never polls the
   * long-running operation.
   */
  @Override
  public void attach(
      String workspaceResourceId, String accessConnectorId, String userAssignedIdentityId) {
    GenericResourceInner r =
        read(workspaceResourceId)
            .orElseThrow(
                () ->
                    new CloudFailure.Permanent(
                        "workspace " + workspaceResourceId + " does not exist (deleted?)", null));
    ConnectorAttachment now = attachmentOf(r);
    if (!now.succeeded() || now.accessConnectorId() != null) {
      throw new CloudFailure.NotYet(
          "workspace "
              + workspaceResourceId
              + " changed before the attachment ("
              + now.provisioningState()
              + (now.accessConnectorId() == null ? "" : ", connector " + now.accessConnectorId())
              + ")",
          null);
    }
    Map<String, Object> props = new LinkedHashMap<>(GenericProperties.of(r));
    READ_ONLY.forEach(props::remove);
    if (props.get("parameters") instanceof Map<?, ?> params) {
      Map<Object, Object> p = new LinkedHashMap<>(params);
      p.remove("resourceTags"); // read-only in the spec
      props.put("parameters", p);
    }
    Map<String, Object> connector = new LinkedHashMap<>();
    connector.put("id", accessConnectorId);
    connector.put(
        "identityType", userAssignedIdentityId == null ? "SystemAssigned" : "UserAssigned");
    if (userAssignedIdentityId != null) {
      connector.put("userAssignedIdentityId", userAssignedIdentityId);
    }
    props.put("accessConnector", connector);
    props.putIfAbsent("defaultStorageFirewall", "Disabled");
    GenericResourceInner body = new GenericResourceInner().withProperties(props).withSku(r.sku());
    body.withLocation(r.location());
    body.withTags(r.tags());
    ResourceId id = ResourceId.fromString(workspaceResourceId);
    try {
      Response<Flux<ByteBuffer>> response =
          arm.resources(id.subscriptionId())
              .getResources()
              .createOrUpdateByIdWithResponseAsync(
                  ArmClients.relative(workspaceResourceId), API_VERSION, body)
              .block();
      if (response != null && response.getValue() != null) {
        FluxUtil.collectBytesInByteBufferStream(response.getValue()).block();
      }
    } catch (RuntimeException e) {
      throw arm.failures()
          .classify("PUT workspace " + workspaceResourceId + " (attach connector)", e);
    }
  }

  private Optional<GenericResourceInner> read(String workspaceResourceId) {
    return arm.genericResource(workspaceResourceId, "GET workspace " + workspaceResourceId);
  }
}
