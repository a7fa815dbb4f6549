package dev.lakewire.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.util.Context;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

  @Override
  public List<Workspace> list(String subscriptionId) {
    HttpPipeline pipeline = arm.resources(subscriptionId).serviceClient().getHttpPipeline();
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
}
