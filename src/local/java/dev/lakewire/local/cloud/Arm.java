package dev.lakewire.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARM side of the local cloud: resource groups, Databricks workspaces and Access Connectors,
 * storage accounts, role assignments and role definitions, answered in the shapes of the official
 * examples. Thread-safe (every operation holds this object's lock).
 */
final class Arm {

  static final String WORKSPACES = "Microsoft.Databricks/workspaces";
  static final String CONNECTORS = "Microsoft.Databricks/accessConnectors";
  static final String STORAGE_ACCOUNTS = "Microsoft.Storage/storageAccounts";
  static final String ROLE_ASSIGNMENTS = "Microsoft.Authorization/roleAssignments";

  private static final String GUID = "[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}";
  private static final Pattern RESOURCE_GROUP =
      Pattern.compile("^/subscriptions/([^/]+)/resourcegroups/([^/]+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern RESOURCE =
      Pattern.compile(
          "^/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/([^/]+)/([^/]+)/([^/]+)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ROLE_ASSIGNMENT =
      Pattern.compile(
          "^(.*?)/providers/Microsoft\\.Authorization/roleAssignments(?:/([^/]+))?$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ROLE_DEFINITION =
      Pattern.compile(
          "^(.*?)/providers/Microsoft\\.Authorization/roleDefinitions/([^/]+)$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern ROLE_DEFINITION_ID =
      Pattern.compile(
          "^(?:/subscriptions/[^/]+)?/providers/Microsoft\\.Authorization/roleDefinitions/("
              + GUID
              + ")$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern WORKSPACE_LIST =
      Pattern.compile(
          "^/subscriptions/([^/]+)/providers/Microsoft\\.Databricks/workspaces$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern PROVIDER =
      Pattern.compile("^/subscriptions/([^/]+)/providers/([^/]+)$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SUBSCRIPTION =
      Pattern.compile("^/subscriptions/([^/]+)", Pattern.CASE_INSENSITIVE);
  private static final Pattern PRINCIPAL_FILTER =
      Pattern.compile("principalId\\s+eq\\s+'([^']+)'", Pattern.CASE_INSENSITIVE);

  /** Built-in roles the cloud knows (GUID to name), as in every Azure tenant. */
  static final Map<String, String> BUILT_IN_ROLES =
      Map.of(
          "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
          "b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor",
          "acdd72a7-3d0f-4b76-a7ff-6c3c88e7a46e", "Reader",
          "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator",
          "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner",
          "ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor",
          "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader",
          "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor");

  private static final Map<String, List<String>> API_VERSIONS =
      Map.of(
          "microsoft.databricks/workspaces", List.of("2026-01-01", "2024-05-01", "2023-02-01"),
          "microsoft.databricks/accessconnectors",
              List.of("2026-01-01", "2024-05-01", "2023-05-01"),
          "microsoft.storage/storageaccounts", List.of("2025-08-01", "2023-05-01", "2023-01-01"),
          "microsoft.authorization/roleassignments", List.of("2022-04-01"),
          "microsoft.authorization/roledefinitions", List.of("2022-04-01"));

  private final CloudOptions options;
  private final Clock clock;
  private final String databricksDomain;
  private final Random ids;
  private final Random replication;
  private long nextWorkspaceId = 1_000_000_000_000_001L;

  private final Map<String, ResourceGroup> groups = new LinkedHashMap<>();
  private final Map<String, WorkspaceRes> workspaces = new LinkedHashMap<>();
  private final Map<String, ConnectorRes> connectors = new LinkedHashMap<>();
  private final Map<String, StorageRes> storageAccounts = new LinkedHashMap<>();
  private final Map<String, RoleAssignmentRes> roleAssignments = new LinkedHashMap<>();

  /** Principal object id (lower-case) to the instant ARM can see it. */
  private final Map<String, Instant> principals = new LinkedHashMap<>();

  private final Set<String> deniedScopes = new TreeSet<>();

  /** Told each deleted workspace (its ARM id and the DELETE's correlation id), after it is gone. */
  private java.util.function.BiConsumer<String, String> workspaceDeleted = (id, correlation) -> {};

  Arm(CloudOptions options, String databricksDomain) {
    this.options = options;
    this.clock = options.clock();
    this.databricksDomain = databricksDomain;
    this.ids = new Random(options.faults().seed() ^ 0x1D5L);
    this.replication = new Random(options.faults().seed() ^ 0x9E1L);
  }

  // ---------------------------------------------------------------- model

  private record ResourceGroup(String id, String name, String location) {}

  private static final class WorkspaceRes {
    String id;
    String name;
    String subscription;
    String location;
    String provisioningState;
    String workspaceId;
    String workspaceUrl;
    Instant created;
    Map<String, String> tags = new LinkedHashMap<>();

    /** {@code properties.accessConnector} ({@code id}, {@code identityType}, …), null when none. */
    ObjectNode accessConnector;

    String defaultStorageFirewall;

    /** When a workspace update (an attachment) finishes; null when none is running. */
    Instant updateDoneAt;
  }

  /**
   * How long a workspace stays {@code Updating} after a PUT that changes it (before scaling).
   * Workspace updates are long-running operations ({@code x-ms-long-running-operation} on {@code
   * Workspaces_CreateOrUpdate} in azure-rest-api-specs' databricks.json) that take minutes.
   */
  static final Duration WORKSPACE_UPDATE = Duration.ofMinutes(3);

  private static final class ConnectorRes {
    String id;
    String name;
    String location;
    String identityType;

    /** The system-assigned principal, decided at creation, shown once provisioned. */
    String systemPrincipal;

    Map<String, String> userAssigned = new LinkedHashMap<>();
    Instant readyAt;
    String stateOverride;
    Map<String, String> tags = new LinkedHashMap<>();

    /** When a DELETE answered 202: the connector is {@code Deleting} until then, then gone. */
    Instant goneAt;
  }

  private record StorageRes(
      String id,
      String name,
      String location,
      boolean hns,
      Instant created,
      ObjectNode networkAcls) {}

  private record RoleAssignmentRes(
      String id,
      String name,
      String scope,
      String roleDefinitionId,
      String roleGuid,
      String principalId,
      String principalType,
      Instant created,
      String createdBy) {

    String tripleKey() {
      return tripleKey(scope, principalId, roleGuid);
    }

    static String tripleKey(String scope, String principal, String role) {
      return key(scope) + "|" + key(principal) + "|" + key(role);
    }
  }

  /** What the Databricks side needs to know about a workspace. */
  record WorkspaceView(String id, String workspaceId, String location, String provisioningState) {}

  // ---------------------------------------------------------------- seeding

  synchronized void addResourceGroup(String subscription, String name, String location) {
    String id = "/subscriptions/" + subscription + "/resourceGroups/" + name;
    groups.putIfAbsent(key(id), new ResourceGroup(id, name, location));
  }

  synchronized String addWorkspace(
      String subscription, String rg, String name, String location, String provisioningState) {
    addResourceGroup(subscription, rg, location);
    String id = resourceId(subscription, rg, WORKSPACES, name);
    WorkspaceRes w = workspaces.get(key(id));
    if (w == null) {
      w = newWorkspace(id, subscription, rg, name, location);
    }
    w.provisioningState = provisioningState;
    return w.id;
  }

  synchronized void setWorkspaceState(String workspaceId, String provisioningState) {
    workspace(workspaceId).provisioningState = provisioningState;
  }

  /** Replaces a workspace's tags, checked against ARM's tag limits as a PUT would be. */
  synchronized void setWorkspaceTags(String workspaceId, Map<String, String> tags) {
    ObjectNode body = obj();
    ObjectNode t = body.putObject("tags");
    tags.forEach(t::put);
    Reply bad = invalidTags(body);
    if (bad != null) {
      throw new IllegalArgumentException(
          "ARM would refuse these tags: "
              + new String(bad.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    workspace(workspaceId).tags = new LinkedHashMap<>(tags);
  }

  /** Attaches an access connector to a workspace as someone else would (no update delay). */
  synchronized void setWorkspaceAccessConnector(String workspaceId, String connectorId) {
    WorkspaceRes w = workspace(workspaceId);
    w.accessConnector = obj();
    w.accessConnector.put("id", connectorId);
    w.accessConnector.put("identityType", "SystemAssigned");
    w.defaultStorageFirewall = "Disabled";
  }

  /** The access connector attached to a workspace ({@code properties.accessConnector.id}). */
  synchronized Optional<String> workspaceAccessConnector(String workspaceId) {
    WorkspaceRes w = workspace(workspaceId);
    settle(w);
    return w.accessConnector == null
        ? Optional.empty()
        : Optional.of(w.accessConnector.path("id").asText());
  }

  /** A finished workspace update shows {@code Succeeded}. */
  private void settle(WorkspaceRes w) {
    if (w.updateDoneAt != null && !clock.instant().isBefore(w.updateDoneAt)) {
      w.provisioningState = "Succeeded";
      w.updateDoneAt = null;
    }
  }

  /** Sets what ARM answers as a workspace's {@code workspaceUrl} (any text, hostile included). */
  synchronized void setWorkspaceUrl(String workspaceId, String workspaceUrl) {
    workspace(workspaceId).workspaceUrl = workspaceUrl;
  }

  synchronized String addStorageAccount(
      String subscription, String rg, String name, String location, boolean hns) {
    addResourceGroup(subscription, rg, location);
    String id = resourceId(subscription, rg, STORAGE_ACCOUNTS, name);
    storageAccounts.put(
        key(id), new StorageRes(id, name, location, hns, clock.instant(), defaultNetworkAcls()));
    return id;
  }

  /** A connector provisioned already, its system-assigned principal visible to ARM. */
  synchronized String addReadyAccessConnector(
      String subscription, String rg, String name, String location) {
    addResourceGroup(subscription, rg, location);
    String id = resourceId(subscription, rg, CONNECTORS, name);
    ConnectorRes c = new ConnectorRes();
    c.id = id;
    c.name = name;
    c.location = location;
    c.identityType = "SystemAssigned";
    c.systemPrincipal = newGuid();
    c.readyAt = clock.instant();
    principals.put(key(c.systemPrincipal), Instant.MIN);
    connectors.put(key(id), c);
    return id;
  }

  synchronized void setAccessConnectorState(String connectorId, String provisioningState) {
    ConnectorRes c = connectors.get(key(connectorId));
    if (c == null) {
      throw new IllegalArgumentException("no access connector " + connectorId);
    }
    c.stateOverride = provisioningState;
  }

  /** A principal ARM can see from now on. */
  synchronized void addPrincipal(String principalId) {
    principals.put(key(principalId), Instant.MIN);
  }

  synchronized void denyRoleAssignmentWrites(String scopePrefix, boolean deny) {
    if (deny) {
      deniedScopes.add(key(scopePrefix));
    } else {
      deniedScopes.remove(key(scopePrefix));
    }
  }

  // ---------------------------------------------------------------- queries

  synchronized Optional<WorkspaceView> workspaceById(String armId) {
    return Optional.ofNullable(workspaces.get(key(armId))).map(Arm::view);
  }

  synchronized Optional<WorkspaceView> workspaceByNumericId(String numericId) {
    return workspaces.values().stream()
        .filter(w -> w.workspaceId.equals(numericId))
        .findFirst()
        .map(Arm::view);
  }

  /** The principal of a provisioned connector with a system-assigned identity, or empty. */
  synchronized Optional<String> readyConnectorPrincipal(String connectorId) {
    ConnectorRes c = connectors.get(key(connectorId));
    if (c == null || !"Succeeded".equals(state(c))) {
      return Optional.empty();
    }
    if (c.systemPrincipal != null) {
      return Optional.of(c.systemPrincipal);
    }
    return c.userAssigned.values().stream().findFirst();
  }

  synchronized boolean hasRoleAssignment(String scope, String principalId, String roleGuid) {
    String triple = RoleAssignmentRes.tripleKey(trimScope(scope), principalId, roleGuid);
    return roleAssignments.values().stream().anyMatch(r -> r.tripleKey().equals(triple));
  }

  /**
   * Whether the principal holds one of these roles on the resource, assigned at the resource or
   * inherited from a scope above it (resource group, subscription).
   */
  synchronized boolean holdsRole(String resourceId, String principalId, Set<String> roleGuids) {
    String target = key(trimScope(resourceId));
    return roleAssignments.values().stream()
        .filter(r -> r.principalId().equalsIgnoreCase(principalId))
        .filter(r -> roleGuids.contains(key(r.roleGuid())))
        .map(r -> key(r.scope()))
        .anyMatch(
            scope -> scope.equals("/") || target.equals(scope) || target.startsWith(scope + "/"));
  }

  synchronized int workspaceCount() {
    return workspaces.size();
  }

  synchronized int connectorCount() {
    finishDeletions();
    return connectors.size();
  }

  synchronized int roleAssignmentCount() {
    return roleAssignments.size();
  }

  private static WorkspaceView view(WorkspaceRes w) {
    return new WorkspaceView(w.id, w.workspaceId, w.location, w.provisioningState);
  }

  // ---------------------------------------------------------------- routing

  /** The subscription a path is in, or "" for tenant-level paths. */
  static String subscriptionOf(String path) {
    Matcher m = SUBSCRIPTION.matcher(path);
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : "";
  }

  /** Answers an authenticated, admitted ARM request. */
  synchronized Reply handle(Call call, String principal) {
    finishDeletions();
    String path = call.path().length() > 1 ? call.path().replaceAll("/+$", "") : call.path();
    Matcher m = ROLE_ASSIGNMENT.matcher(path);
    if (m.matches()) {
      return roleAssignment(call, trimScope(m.group(1)), m.group(2), principal);
    }
    m = ROLE_DEFINITION.matcher(path);
    if (m.matches()) {
      return call.isRead() ? roleDefinition(m.group(1), m.group(2)) : notAllowed(call);
    }
    m = RESOURCE.matcher(path);
    if (m.matches()) {
      String type = m.group(3) + "/" + m.group(4);
      if (type.equalsIgnoreCase(WORKSPACES)) {
        return workspaceRoute(call, m.group(1), m.group(2), m.group(5));
      }
      if (type.equalsIgnoreCase(CONNECTORS)) {
        return connectorRoute(call, m.group(1), m.group(2), m.group(5));
      }
      if (type.equalsIgnoreCase(STORAGE_ACCOUNTS)) {
        if (call.method().equals("PATCH")) {
          return patchStorageAccount(call, m.group(1), m.group(2), m.group(5));
        }
        return call.isRead()
            ? storageAccount(m.group(1), m.group(2), m.group(5))
            : notAllowed(call);
      }
      return Reply.armError(
          404,
          "InvalidResourceType",
          "The resource type '"
              + m.group(4)
              + "' could not be found in the namespace '"
              + m.group(3)
              + "' of the local cloud.");
    }
    m = RESOURCE_GROUP.matcher(path);
    if (m.matches()) {
      return resourceGroupRoute(call, m.group(1), m.group(2));
    }
    m = WORKSPACE_LIST.matcher(path);
    if (m.matches()) {
      return call.isRead() ? listWorkspaces(call, m.group(1)) : notAllowed(call);
    }
    m = PROVIDER.matcher(path);
    if (m.matches() && call.isRead()) {
      return provider(m.group(1), m.group(2));
    }
    return Reply.armError(
        404, "NotFound", "The local cloud has no ARM route for " + call.method() + " " + path);
  }

  private static Reply notAllowed(Call call) {
    return Reply.armError(
        405,
        "HttpMethodNotAllowed",
        "The local cloud does not support " + call.method() + " on " + call.path());
  }

  // ---------------------------------------------------------------- resource groups

  private Reply resourceGroupRoute(Call call, String subscription, String name) {
    String id = "/subscriptions/" + subscription + "/resourceGroups/" + name;
    ResourceGroup g = groups.get(key(id));
    switch (call.method()) {
      case "GET":
        return g == null ? groupNotFound(name) : Reply.json(200, json(g));
      case "HEAD":
        return Reply.empty(g == null ? 404 : 204);
      case "PUT":
        String location = call.json().map(b -> b.path("location").asText(null)).orElse(null);
        if (location == null) {
          return Reply.armError(
              400, "LocationRequired", "The location property is required for this definition.");
        }
        if (g != null) {
          return Reply.json(200, json(g));
        }
        addResourceGroup(subscription, name, location);
        return Reply.json(201, json(groups.get(key(id))));
      default:
        return notAllowed(call);
    }
  }

  private static ObjectNode json(ResourceGroup g) {
    ObjectNode n = obj();
    n.put("id", g.id());
    n.put("name", g.name());
    n.put("type", "Microsoft.Resources/resourceGroups");
    n.put("location", g.location());
    n.putObject("properties").put("provisioningState", "Succeeded");
    return n;
  }

  private static Reply groupNotFound(String name) {
    return Reply.armError(
        404, "ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
  }

  private static Reply resourceNotFound(String type, String name, String rg) {
    return Reply.armError(
        404,
        "ResourceNotFound",
        "The Resource '"
            + type
            + "/"
            + name
            + "' under resource group '"
            + rg
            + "' was not found. For more details please go to"
            + " https://aka.ms/ARMResourceNotFoundFix");
  }

  private boolean groupExists(String subscription, String rg) {
    return groups.containsKey(key("/subscriptions/" + subscription + "/resourceGroups/" + rg));
  }

  // ---------------------------------------------------------------- workspaces

  private Reply workspaceRoute(Call call, String subscription, String rg, String name) {
    if (!groupExists(subscription, rg)) {
      return groupNotFound(rg);
    }
    String id = resourceId(subscription, rg, WORKSPACES, name);
    WorkspaceRes w = workspaces.get(key(id));
    if (w != null) {
      settle(w);
    }
    switch (call.method()) {
      case "GET":
        return w == null ? resourceNotFound(WORKSPACES, name, rg) : Reply.json(200, json(w));
      case "PUT":
        Optional<JsonNode> body = call.json();
        String location = body.map(b -> b.path("location").asText(null)).orElse(null);
        if (location == null) {
          return Reply.armError(
              400, "LocationRequired", "The location property is required for this definition.");
        }
        Reply badTags = invalidTags(body.get());
        if (badTags != null) {
          return badTags;
        }
        boolean created = w == null;
        if (!created && !sameRegion(w.location, location)) {
          return locationConflict(w.name, w.location, rg, location);
        }
        if (!created && "Updating".equals(w.provisioningState)) {
          // one operation at a time on a resource: ARM RPs answer 409 while an update runs
          return Reply.armError(
              409,
              "AnotherOperationInProgress",
              "Another operation is in progress on workspace '" + name + "'; retry later.");
        }
        JsonNode props = body.get().path("properties");
        if (props.path("managedResourceGroupId").asText("").isBlank()) {
          // "required": ["managedResourceGroupId"] in the spec's WorkspaceProperties (2024-05-01)
          return Reply.armError(
              400,
              "InvalidRequestContent",
              "The request content was invalid: properties.managedResourceGroupId is required.");
        }
        Reply badConnector = invalidAccessConnector(props);
        if (badConnector != null) {
          return badConnector;
        }
        if (created) {
          w = newWorkspace(id, subscription, rg, name, location);
          w.provisioningState = "Succeeded";
        }
        w.tags = tags(body.get());
        JsonNode ac = props.path("accessConnector");
        ObjectNode wanted = ac.isObject() ? ((ObjectNode) ac).deepCopy() : null;
        boolean changed =
            !java.util.Objects.equals(
                    wanted == null ? null : key(wanted.path("id").asText()),
                    w.accessConnector == null ? null : key(w.accessConnector.path("id").asText()))
                || !java.util.Objects.equals(
                    props.path("defaultStorageFirewall").asText(null), w.defaultStorageFirewall);
        w.accessConnector = wanted;
        w.defaultStorageFirewall = props.path("defaultStorageFirewall").asText(null);
        if (changed && !created) {
          // a long-running update: Updating now, Succeeded once it is done
          w.provisioningState = "Updating";
          w.updateDoneAt = clock.instant().plus(options.scaled(WORKSPACE_UPDATE));
        }
        return Reply.json(created ? 201 : 200, json(w));
      case "DELETE":
        // Workspaces_Delete answers 200, 202 (under way) or 204 (none); here the workspace goes
        // at once (200) and then, as Azure does once a delete succeeded, the subscription's
        // system topic gets a Microsoft.Resources.ResourceDeleteSuccess of operation
        // Microsoft.Databricks/workspaces/delete (Event Grid, "Azure subscription as an Event Grid
        // source"; payload: azure-rest-api-specs resource_delete_success.json)
        return deleteWorkspace(id, call.header("x-ms-correlation-request-id"))
            ? Reply.empty(200)
            : Reply.empty(204);
      default:
        return notAllowed(call);
    }
  }

  /** Workspaces per page of {@link #listWorkspaces}; small in tests, to make them page. */
  private int listPageSize = 50;

  void setListPageSize(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("page size must be at least 1: " + size);
    }
    listPageSize = size;
  }

  /**
   * "Workspaces - List By Subscription"
   * (https://learn.microsoft.com/rest/api/databricks/workspaces/list-by-subscription): {@code
   * {"value": [...], "nextLink": "..."}}, the next page's absolute URL while there is one (ARM's
   * paging: https://learn.microsoft.com/rest/api/azure/#async-operations-throttling-and-paging).
   * The token is an offset into the workspaces in creation order, as opaque to clients as ARM's
   * {@code $skiptoken}.
   */
  private Reply listWorkspaces(Call call, String subscription) {
    int from = 0;
    String token = call.param("$skiptoken");
    if (token != null) {
      try {
        from = Integer.parseInt(token);
      } catch (NumberFormatException e) {
        return Reply.armError(
            400, "InvalidSkipToken", "The skip token '" + token + "' is invalid.");
      }
    }
    List<WorkspaceRes> all =
        workspaces.values().stream()
            .filter(w -> w.subscription.equalsIgnoreCase(subscription))
            .toList();
    ObjectNode body = obj();
    ArrayNode value = body.putArray("value");
    int to = Math.min(all.size(), from + listPageSize);
    for (int i = from; i < to; i++) {
      value.add(json(all.get(i)));
    }
    if (to < all.size()) {
      body.put(
          "nextLink",
          "https://"
              + call.header("host")
              + "/subscriptions/"
              + subscription
              + "/providers/Microsoft.Databricks/workspaces?api-version="
              + call.param("api-version")
              + "&$skiptoken="
              + to);
    }
    return Reply.json(200, body);
  }

  /**
   * {@code properties.accessConnector} as the Microsoft.Databricks spec (2024-05-01) defines it:
   * {@code id} (an existing {@code Microsoft.Databricks/accessConnectors}) and {@code identityType}
   * ({@code SystemAssigned} or {@code UserAssigned}, the latter with {@code
   * userAssignedIdentityId}) required, the identity one the connector has. Stricter than the spec
   * where it is silent: {@code defaultStorageFirewall} must accompany the connector
   * (terraform-provider-azurerm always sends them together,
   * internal/services/databricks/databricks_workspace_resource.go) and {@code Enabled} needs a
   * connector.
   */
  private Reply invalidAccessConnector(JsonNode props) {
    JsonNode ac = props.path("accessConnector");
    String firewall = props.path("defaultStorageFirewall").asText(null);
    if (ac.isMissingNode() || ac.isNull()) {
      if ("Enabled".equalsIgnoreCase(firewall)) {
        return Reply.armError(
            400,
            "InvalidParameter",
            "defaultStorageFirewall Enabled requires properties.accessConnector.");
      }
      return null;
    }
    String id = ac.path("id").asText("");
    String type = ac.path("identityType").asText("");
    if (id.isEmpty() || type.isEmpty()) {
      return Reply.armError(
          400, "InvalidParameter", "properties.accessConnector requires 'id' and 'identityType'.");
    }
    if (firewall == null
        || !(firewall.equalsIgnoreCase("Enabled") || firewall.equalsIgnoreCase("Disabled"))) {
      return Reply.armError(
          400,
          "InvalidParameter",
          "properties.defaultStorageFirewall (Enabled or Disabled) must be set with"
              + " properties.accessConnector.");
    }
    ConnectorRes c = connectors.get(key(id));
    if (c == null || !"Succeeded".equals(state(c))) {
      return Reply.armError(
          400,
          "InvalidAccessConnector",
          "Access connector '" + id + "' does not exist or is not provisioned.");
    }
    boolean system = type.equals("SystemAssigned");
    boolean user = type.equals("UserAssigned");
    String uai = ac.path("userAssignedIdentityId").asText("");
    if ((!system && !user)
        || (system && c.systemPrincipal == null)
        || (user && c.userAssigned.keySet().stream().noneMatch(k -> k.equalsIgnoreCase(uai)))) {
      return Reply.armError(
          400,
          "InvalidAccessConnector",
          "Access connector '"
              + id
              + "' has no identity of type '"
              + type
              + "'"
              + (user ? " '" + uai + "'" : "")
              + ".");
    }
    return null;
  }

  private WorkspaceRes newWorkspace(
      String id, String subscription, String rg, String name, String location) {
    WorkspaceRes w = new WorkspaceRes();
    w.id = id;
    w.name = name;
    w.subscription = subscription;
    w.location = location;
    w.workspaceId = Long.toString(nextWorkspaceId++);
    // as Azure names them: adb-<workspace id>.<shard digit(s)>.<domain> (the local run's domain
    // resolves to this cloud; see LocalCloud#databricksTransport)
    w.workspaceUrl =
        "adb-"
            + w.workspaceId
            + "."
            + (Long.parseLong(w.workspaceId) % 10)
            + "."
            + databricksDomain;
    w.created = clock.instant();
    workspaces.put(key(id), w);
    return w;
  }

  private WorkspaceRes workspace(String armId) {
    WorkspaceRes w = workspaces.get(key(armId));
    if (w == null) {
      throw new IllegalArgumentException("no workspace " + armId);
    }
    return w;
  }

  private static ObjectNode json(WorkspaceRes w) {
    ObjectNode n = obj();
    n.put("id", w.id);
    n.put("name", w.name);
    n.put("type", WORKSPACES);
    n.put("location", w.location);
    n.putObject("sku").put("name", "premium");
    putTags(n, w.tags);
    ObjectNode p = n.putObject("properties");
    p.put(
        "managedResourceGroupId",
        "/subscriptions/"
            + w.subscription
            + "/resourceGroups/databricks-rg-"
            + w.name
            + "-"
            + Long.toHexString(Math.abs((long) w.id.toLowerCase(Locale.ROOT).hashCode())));
    p.putNull("parameters");
    p.put("provisioningState", w.provisioningState);
    p.putArray("authorizations");
    p.put("createdDateTime", w.created.toString());
    p.put("isUcEnabled", true);
    p.put("computeMode", "Hybrid");
    p.put("workspaceId", w.workspaceId);
    p.put("workspaceUrl", w.workspaceUrl);
    if (w.accessConnector != null) {
      p.set("accessConnector", w.accessConnector.deepCopy());
    }
    if (w.defaultStorageFirewall != null) {
      p.put("defaultStorageFirewall", w.defaultStorageFirewall);
    }
    return n;
  }

  // ---------------------------------------------------------------- access connectors

  private Reply connectorRoute(Call call, String subscription, String rg, String name) {
    if (!groupExists(subscription, rg)) {
      return groupNotFound(rg);
    }
    String id = resourceId(subscription, rg, CONNECTORS, name);
    ConnectorRes c = connectors.get(key(id));
    switch (call.method()) {
      case "GET":
        return c == null ? resourceNotFound(CONNECTORS, name, rg) : Reply.json(200, json(c));
      case "PUT":
        return putConnector(call, id, rg, name, c);
      case "DELETE":
        return deleteConnector(c);
      default:
        return notAllowed(call);
    }
  }

  /**
   * AccessConnectors_Delete (azure-rest-api-specs example AccessConnectorDelete.json): 204 when
   * there is none; 200 when it is gone at once; else 202 with {@code Azure-AsyncOperation}, {@code
   * Location} and {@code Retry-After}, the connector {@code Deleting} for as long as one takes to
   * provision. Its system-assigned identity goes with it (Azure deletes a system-assigned identity
   * with its resource: "Managed identities for Azure resources", identity types), so a role
   * assignment PUT for that principal is PrincipalNotFound from then on; role assignments already
   * made for it are NOT removed: Azure leaves them, shown as "Identity not found" (Azure RBAC
   * troubleshooting, "Role assignments with identity not found").
   */
  private Reply deleteConnector(ConnectorRes c) {
    if (c == null) {
      return Reply.empty(204);
    }
    Duration takes = options.scaled(options.connectorProvisioning());
    if (c.goneAt == null && takes.isZero()) {
      dropConnector(c);
      return Reply.empty(200);
    }
    if (c.goneAt == null) {
      c.goneAt = clock.instant().plus(takes);
    }
    String operation =
        c.id
            + "/operationStatus/"
            + java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(c.id.getBytes(java.nio.charset.StandardCharsets.UTF_8))
            + "?api-version=2026-01-01";
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Azure-AsyncOperation", operation);
    headers.put("Location", operation.replace("/operationStatus/", "/operationResults/"));
    headers.put("Retry-After", "10");
    return new Reply(202, headers, new byte[0]);
  }

  /** Removes a connector and its system-assigned identity's principal (not its assignments). */
  private void dropConnector(ConnectorRes c) {
    connectors.remove(key(c.id));
    if (c.systemPrincipal != null) {
      principals.remove(key(c.systemPrincipal));
    }
  }

  /** Completes every connector deletion whose time has come. */
  private void finishDeletions() {
    Instant now = clock.instant();
    for (ConnectorRes c : List.copyOf(connectors.values())) {
      if (c.goneAt != null && !now.isBefore(c.goneAt)) {
        dropConnector(c);
      }
    }
  }

  /**
   * Deletes a workspace (the route's DELETE, or a seeding call) and tells the listener.
   *
   * @param correlationId the request's correlation id; null or blank for a new one
   * @return false when there was none
   */
  synchronized boolean deleteWorkspace(String workspaceArmId, String correlationId) {
    WorkspaceRes w = workspaces.remove(key(workspaceArmId));
    if (w == null) {
      return false;
    }
    workspaceDeleted.accept(
        w.id, correlationId == null || correlationId.isBlank() ? newGuid() : correlationId);
    return true;
  }

  /** Sets who is told of each workspace deleted (the cloud's Event Grid system topic). */
  synchronized void onWorkspaceDeleted(java.util.function.BiConsumer<String, String> listener) {
    workspaceDeleted = listener;
  }

  private Reply putConnector(Call call, String id, String rg, String name, ConnectorRes existing) {
    Optional<JsonNode> parsed = call.json();
    if (parsed.isEmpty() || !parsed.get().isObject()) {
      return Reply.armError(
          400, "InvalidRequestContent", "The request content was invalid and could not be read.");
    }
    JsonNode body = parsed.get();
    String location = body.path("location").asText(null);
    if (location == null || location.isBlank()) {
      return Reply.armError(
          400, "LocationRequired", "The location property is required for this definition.");
    }
    String type = body.path("identity").path("type").asText("None");
    boolean system = type.toLowerCase(Locale.ROOT).contains("systemassigned");
    boolean user = type.toLowerCase(Locale.ROOT).contains("userassigned");
    if (!system && !user && !type.equalsIgnoreCase("None")) {
      return Reply.armError(
          400,
          "InvalidIdentityType",
          "Identity type '"
              + type
              + "' is not supported; use SystemAssigned, UserAssigned,"
              + " 'SystemAssigned,UserAssigned' or None.");
    }
    JsonNode uai = body.path("identity").path("userAssignedIdentities");
    if (user && (!uai.isObject() || uai.isEmpty())) {
      return Reply.armError(
          400,
          "BadRequest",
          "Identity type UserAssigned requires at least one entry in userAssignedIdentities.");
    }
    Reply badTags = invalidTags(body);
    if (badTags != null) {
      return badTags;
    }
    if (existing != null && !sameRegion(existing.location, location)) {
      return locationConflict(name, existing.location, rg, location);
    }
    boolean created = existing == null;
    ConnectorRes c = created ? new ConnectorRes() : existing;
    Instant now = clock.instant();
    if (created) {
      c.id = id;
      c.name = name;
      c.location = location;
      c.readyAt = now.plus(options.scaled(options.connectorProvisioning()));
      connectors.put(key(id), c);
    }
    // ARM's spelling of the combined type (the SDK's ResourceIdentityType knows only this one)
    c.identityType = system && user ? "SystemAssigned, UserAssigned" : type;
    if (system && c.systemPrincipal == null) {
      c.systemPrincipal = newGuid();
      Instant born = created ? c.readyAt : now;
      principals.put(key(c.systemPrincipal), born.plus(replicationWindow()));
    } else if (!system) {
      c.systemPrincipal = null;
    }
    c.userAssigned = new LinkedHashMap<>();
    if (user) {
      for (Iterator<String> it = uai.fieldNames(); it.hasNext(); ) {
        String uamiId = it.next();
        String principal = Tokens.principalFor(uamiId);
        c.userAssigned.put(uamiId, principal);
        principals.putIfAbsent(key(principal), Instant.MIN);
      }
    }
    // a PUT replaces the resource as sent, tags included: tags not in the body are gone (ARM
    // "Resources - Create Or Update By Id"; "Tags - Create Or Update At Scope": "replacing the
    // entire set of tags"); a writer that means to keep them sends them back
    c.tags = tags(body);
    ObjectNode answer = json(c);
    if (created) {
      ((ObjectNode) answer.get("properties")).put("provisioningState", "Accepted");
    }
    return Reply.json(created ? 201 : 200, answer);
  }

  private String state(ConnectorRes c) {
    if (c.goneAt != null) {
      return "Deleting";
    }
    if (c.stateOverride != null) {
      return c.stateOverride;
    }
    return clock.instant().isBefore(c.readyAt) ? "Creating" : "Succeeded";
  }

  private ObjectNode json(ConnectorRes c) {
    String state = state(c);
    boolean ready = "Succeeded".equals(state);
    ObjectNode n = obj();
    n.put("id", c.id);
    n.put("name", c.name);
    n.put("type", CONNECTORS);
    n.put("location", c.location);
    ObjectNode identity = n.putObject("identity");
    identity.put("type", c.identityType);
    if (c.systemPrincipal != null && ready) {
      identity.put("principalId", c.systemPrincipal);
      identity.put("tenantId", Tokens.TENANT_ID);
    }
    if (!c.userAssigned.isEmpty()) {
      ObjectNode uai = identity.putObject("userAssignedIdentities");
      c.userAssigned.forEach(
          (uamiId, principal) -> {
            ObjectNode entry = uai.putObject(uamiId);
            entry.put("clientId", Tokens.clientIdOf(principal));
            entry.put("principalId", principal);
          });
    }
    ObjectNode p = n.putObject("properties");
    p.put("provisioningState", state);
    p.putArray("referedBy");
    putTags(n, c.tags);
    return n;
  }

  private Duration replicationWindow() {
    Duration base = options.principalReplication();
    Duration max = options.faults().maxPrincipalReplication();
    if (max.compareTo(base) > 0) {
      long extra = (long) (replication.nextDouble() * max.minus(base).toMillis());
      base = base.plusMillis(extra);
    }
    return options.scaled(base);
  }

  // ---------------------------------------------------------------- storage accounts

  private Reply storageAccount(String subscription, String rg, String name) {
    if (!groupExists(subscription, rg)) {
      return groupNotFound(rg);
    }
    StorageRes s = storageAccounts.get(key(resourceId(subscription, rg, STORAGE_ACCOUNTS, name)));
    return s == null ? resourceNotFound(STORAGE_ACCOUNTS, name, rg) : Reply.json(200, json(s));
  }

  private static ObjectNode defaultNetworkAcls() {
    ObjectNode acls = obj();
    acls.put("bypass", "AzureServices");
    acls.put("defaultAction", "Allow");
    acls.putArray("ipRules");
    acls.putArray("virtualNetworkRules");
    acls.putArray("resourceAccessRules");
    return acls;
  }

  /**
   * PATCH of a storage account: only {@code properties.networkAcls} is supported, and it replaces
   * the account's network rule set as a whole (as the real PATCH does: the caller sends the list it
   * read plus its change).
   */
  private Reply patchStorageAccount(Call call, String subscription, String rg, String name) {
    if (!groupExists(subscription, rg)) {
      return groupNotFound(rg);
    }
    StorageRes s = storageAccounts.get(key(resourceId(subscription, rg, STORAGE_ACCOUNTS, name)));
    if (s == null) {
      return resourceNotFound(STORAGE_ACCOUNTS, name, rg);
    }
    JsonNode acls = call.json().map(b -> b.path("properties").path("networkAcls")).orElse(null);
    if (acls != null && acls.isObject()) {
      String action = acls.path("defaultAction").asText("Allow");
      if (!action.equals("Allow") && !action.equals("Deny")) {
        return Reply.armError(
            400, "InvalidValuesForRequestParameters", "defaultAction must be Allow or Deny.");
      }
      ObjectNode next = defaultNetworkAcls();
      next.setAll((ObjectNode) acls);
      for (JsonNode rule : next.path("resourceAccessRules")) {
        if (!rule.path("tenantId").asText("").matches(GUID)
            || rule.path("resourceId").asText("").isBlank()) {
          return Reply.armError(
              400,
              "InvalidValuesForRequestParameters",
              "Each resourceAccessRules entry needs a tenantId (GUID) and a resourceId.");
        }
      }
      s.networkAcls().removeAll();
      s.networkAcls().setAll(next);
    }
    return Reply.json(200, json(s));
  }

  /** Sets a storage account's {@code networkAcls.defaultAction} (Deny: a storage firewall). */
  synchronized void setStorageFirewall(String accountId, boolean deny) {
    StorageRes s = storageAccounts.get(key(accountId));
    if (s == null) {
      throw new IllegalArgumentException("no storage account " + accountId);
    }
    s.networkAcls().put("defaultAction", deny ? "Deny" : "Allow");
  }

  /**
   * How long a new role assignment takes to reach the storage data plane (nominal, before the time
   * scale). Azure: "Role assignment changes can take up to 10 minutes to take effect" and longer
   * through caches (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting,
   * "Symptom - Role assignment changes are not being detected").
   */
  private Duration rbacPropagation = Duration.ofMinutes(5);

  synchronized void setRbacPropagation(Duration nominal) {
    this.rbacPropagation = nominal;
  }

  /** The data roles that let a principal read blobs, and those that let it write them. */
  private static final Set<String> DATA_READ =
      Set.of(
          "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
          "ba92f5b4-2d11-453d-a403-e96b0029c9fe",
          "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");

  private static final Set<String> DATA_WRITE =
      Set.of("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "ba92f5b4-2d11-453d-a403-e96b0029c9fe");

  /**
   * What the storage data plane answers when an Access Connector's identity reads and writes a
   * container now: the failure of reading, and of writing (null when it works).
   *
   * <ul>
   *   <li>the connector must exist and be provisioned (a deleted connector's identity is gone);
   *   <li>a firewall ({@code defaultAction: Deny}) admits it only with a resource access rule for
   *       its resource id in its tenant (Azure Storage "Grant access from Azure resource
   *       instances"); the trusted-services bypass does not cover Access Connectors;
   *   <li>Azure RBAC: a data role at the container, account or above, created at least the
   *       propagation delay ago (Storage Blob Data Reader reads only).
   * </ul>
   */
  synchronized String[] dataPlaneAccess(String connectorId, String account, String container) {
    ConnectorRes c = connectors.get(key(connectorId));
    if (c == null || !"Succeeded".equals(state(c))) {
      String gone =
          "Failed to get a token for the managed identity of access connector "
              + connectorId
              + ": the access connector does not exist or is not provisioned.";
      return new String[] {gone, gone};
    }
    String principal =
        c.systemPrincipal != null
            ? c.systemPrincipal
            : c.userAssigned.values().stream().findFirst().orElse(null);
    StorageRes s =
        storageAccounts.values().stream()
            .filter(a -> a.name().equalsIgnoreCase(account))
            .findFirst()
            .orElse(null);
    if (s == null) {
      String missing = "The storage account " + account + " does not exist (DNS lookup failed).";
      return new String[] {missing, missing};
    }
    if ("Deny".equals(s.networkAcls().path("defaultAction").asText())) {
      boolean ruled = false;
      for (JsonNode rule : s.networkAcls().path("resourceAccessRules")) {
        if (rule.path("resourceId").asText("").equalsIgnoreCase(connectorId)
            && rule.path("tenantId").asText("").equalsIgnoreCase(Tokens.TENANT_ID)) {
          ruled = true;
        }
      }
      if (!ruled) {
        String denied =
            "This request is not authorized to perform this operation. (403 AuthorizationFailure:"
                + " the storage account firewall denies access; no resource access rule for "
                + connectorId
                + ")";
        return new String[] {denied, denied};
      }
    }
    String scope = key(s.id()) + "/blobservices/default/containers/" + key(container);
    Instant visibleBefore = clock.instant().minus(options.scaled(rbacPropagation));
    boolean read = false;
    boolean write = false;
    for (RoleAssignmentRes r : roleAssignments.values()) {
      if (principal != null
          && principal.equalsIgnoreCase(r.principalId())
          && isWithin(scope, key(r.scope()))
          && !r.created().isAfter(visibleBefore)) {
        read |= DATA_READ.contains(r.roleGuid());
        write |= DATA_WRITE.contains(r.roleGuid());
      }
    }
    String mismatch =
        "This request is not authorized to perform this operation using this permission. (403"
            + " AuthorizationPermissionMismatch)";
    return new String[] {read ? null : mismatch, write ? null : mismatch};
  }

  /**
   * A role assignment made long ago (e.g. by infra): visible to the data plane already. Returns its
   * id.
   */
  synchronized String addRoleAssignment(String scope, String principalId, String roleGuid) {
    String s = trimScope(scope);
    String name =
        UUID.nameUUIDFromBytes(
                RoleAssignmentRes.tripleKey(s, principalId, roleGuid)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8))
            .toString();
    String id = (s.equals("/") ? "" : s) + "/providers/" + ROLE_ASSIGNMENTS + "/" + name;
    roleAssignments.put(
        key(id),
        new RoleAssignmentRes(
            id,
            name,
            s,
            "/providers/Microsoft.Authorization/roleDefinitions/" + roleGuid,
            key(roleGuid),
            principalId,
            "ServicePrincipal",
            Instant.EPOCH,
            "seed"));
    return id;
  }

  /** Counts the connectors' storage-credential-relevant principal, for tests. */
  synchronized Optional<String> connectorPrincipal(String connectorId) {
    return readyConnectorPrincipal(connectorId);
  }

  /** Deletes an Access Connector at once (its identity goes with it). */
  synchronized void deleteAccessConnector(String connectorId) {
    if (connectors.remove(key(connectorId)) == null) {
      throw new IllegalArgumentException("no access connector " + connectorId);
    }
  }

  private static ObjectNode json(StorageRes s) {
    ObjectNode n = obj();
    n.put("id", s.id());
    n.put("name", s.name());
    n.put("type", STORAGE_ACCOUNTS);
    n.put("kind", "StorageV2");
    n.put("location", s.location());
    ObjectNode sku = n.putObject("sku");
    sku.put("name", "Standard_LRS");
    sku.put("tier", "Standard");
    n.putObject("tags");
    ObjectNode p = n.putObject("properties");
    p.put("accessTier", "Hot");
    p.put("allowBlobPublicAccess", false);
    p.put("creationTime", s.created().toString());
    p.put("isHnsEnabled", s.hns());
    p.put("minimumTlsVersion", "TLS1_2");
    p.set("networkAcls", s.networkAcls().deepCopy());
    ObjectNode endpoints = p.putObject("primaryEndpoints");
    for (String service : List.of("blob", "dfs", "file", "queue", "table", "web")) {
      endpoints.put(service, "https://" + s.name() + "." + service + ".core.windows.net/");
    }
    p.put("primaryLocation", s.location());
    p.put("provisioningState", "Succeeded");
    p.put("statusOfPrimary", "available");
    p.put("supportsHttpsTrafficOnly", true);
    return n;
  }

  // ---------------------------------------------------------------- role assignments

  private Reply roleAssignment(Call call, String scope, String name, String caller) {
    if (name == null) {
      return call.isRead() ? listRoleAssignments(call, scope) : notAllowed(call);
    }
    String id = (scope.equals("/") ? "" : scope) + "/providers/" + ROLE_ASSIGNMENTS + "/" + name;
    RoleAssignmentRes existing = roleAssignments.get(key(id));
    switch (call.method()) {
      case "GET":
        return existing == null
            ? Reply.armError(
                404, "RoleAssignmentNotFound", "The role assignment '" + name + "' is not found.")
            : Reply.json(200, json(existing));
      case "DELETE":
        if (existing == null) {
          return Reply.empty(204);
        }
        roleAssignments.remove(key(id));
        return Reply.json(200, json(existing));
      case "PUT":
        return putRoleAssignment(call, scope, name, id, existing, caller);
      default:
        return notAllowed(call);
    }
  }

  private Reply putRoleAssignment(
      Call call, String scope, String name, String id, RoleAssignmentRes existing, String caller) {
    for (String denied : deniedScopes) {
      if (key(scope).startsWith(denied)) {
        return Reply.armError(
            403,
            "AuthorizationFailed",
            "The client '"
                + caller
                + "' with object id '"
                + caller
                // the wording since ABAC-conditioned delegation (Azure RBAC troubleshooting,
                // "Symptom - Unable to assign a role")
                + "' does not have authorization or an ABAC condition not fulfilled to perform"
                + " action '"
                + ROLE_ASSIGNMENTS
                + "/write' over scope '"
                + id
                + "' or the scope is invalid. If access was recently granted, please refresh your"
                + " credentials.");
      }
    }
    if (!name.matches(GUID)) {
      return Reply.armError(
          400,
          "InvalidRoleAssignmentId",
          "The role assignment ID '"
              + name
              + "' is not valid. The role assignment ID must be a GUID.");
    }
    JsonNode props = call.json().map(b -> b.path("properties")).orElse(null);
    if (props == null || !props.isObject()) {
      return Reply.armError(
          400, "InvalidRequestContent", "The request content was invalid and could not be read.");
    }
    String roleDefinitionId = props.path("roleDefinitionId").asText("");
    Matcher role = ROLE_DEFINITION_ID.matcher(roleDefinitionId);
    if (!role.matches()) {
      return Reply.armError(
          400,
          "InvalidRoleDefinitionId",
          "The role definition ID '" + roleDefinitionId + "' is not valid.");
    }
    String roleGuid = role.group(1).toLowerCase(Locale.ROOT);
    if (!BUILT_IN_ROLES.containsKey(roleGuid)) {
      return Reply.armError(
          400,
          "RoleDefinitionDoesNotExist",
          "The specified role definition with ID '" + roleGuid + "' does not exist.");
    }
    String principalId = props.path("principalId").asText("");
    if (!principalId.matches(GUID)) {
      return Reply.armError(
          400, "InvalidPrincipalId", "The principal ID '" + principalId + "' is not valid.");
    }
    String principalType = props.path("principalType").asText(null);
    if (existing != null) {
      if (existing.tripleKey().equals(RoleAssignmentRes.tripleKey(scope, principalId, roleGuid))) {
        return Reply.json(200, json(existing));
      }
      // 400, not 409: "Symptom - ARM template role assignment returns BadRequest status", Azure
      // RBAC troubleshooting (learn.microsoft.com/azure/role-based-access-control/troubleshooting)
      return Reply.armError(
          400,
          "RoleAssignmentUpdateNotPermitted",
          "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.");
    }
    Instant visibleAt = principals.get(key(principalId));
    if (visibleAt == null || clock.instant().isBefore(visibleAt)) {
      return Reply.armError(
          400,
          "PrincipalNotFound",
          "Principal "
              + principalId.replace("-", "")
              + " does not exist in the directory "
              + Tokens.TENANT_ID
              + ". Check that you have the correct principal ID. If you are creating this"
              + " principal and then immediately assigning a role, this error might be related to"
              + " a replication delay. In this case, set the role assignment principalType"
              + " property to a value, such as ServicePrincipal, User, or Group.  See"
              + " https://aka.ms/docs-principaltype");
    }
    String triple = RoleAssignmentRes.tripleKey(scope, principalId, roleGuid);
    for (RoleAssignmentRes r : roleAssignments.values()) {
      if (r.tripleKey().equals(triple)) {
        return Reply.armError(
            409,
            "RoleAssignmentExists",
            "The role assignment already exists. The ID of the existing role assignment is "
                + r.name().replace("-", "")
                + ".");
      }
    }
    RoleAssignmentRes created =
        new RoleAssignmentRes(
            id,
            name,
            scope,
            roleDefinitionId,
            roleGuid,
            principalId,
            principalType,
            clock.instant(),
            caller);
    roleAssignments.put(key(id), created);
    return Reply.json(201, json(created));
  }

  private Reply listRoleAssignments(Call call, String scope) {
    String filter = call.param("$filter") == null ? "" : call.param("$filter");
    boolean atScope = filter.toLowerCase(Locale.ROOT).contains("atscope()");
    Matcher principal = PRINCIPAL_FILTER.matcher(filter);
    String principalId = principal.find() ? principal.group(1) : null;
    String wanted = key(scope);
    ObjectNode body = obj();
    ArrayNode value = body.putArray("value");
    for (RoleAssignmentRes r : roleAssignments.values()) {
      String s = key(r.scope());
      boolean above = isWithin(wanted, s);
      boolean below = isWithin(s, wanted);
      if ((atScope ? above : above || below)
          && (principalId == null || principalId.equalsIgnoreCase(r.principalId()))) {
        value.add(json(r));
      }
    }
    return Reply.json(200, body);
  }

  /** Whether {@code scope} is {@code ancestor} or lies below it. */
  private static boolean isWithin(String scope, String ancestor) {
    return ancestor.equals("/") || scope.equals(ancestor) || scope.startsWith(ancestor + "/");
  }

  private static ObjectNode json(RoleAssignmentRes r) {
    ObjectNode n = obj();
    ObjectNode p = n.putObject("properties");
    p.put("roleDefinitionId", r.roleDefinitionId());
    p.put("principalId", r.principalId());
    if (r.principalType() != null) {
      p.put("principalType", r.principalType());
    }
    p.put("scope", r.scope());
    p.putNull("condition");
    p.putNull("conditionVersion");
    p.put("createdOn", r.created().toString());
    p.put("updatedOn", r.created().toString());
    p.put("createdBy", r.createdBy());
    p.put("updatedBy", r.createdBy());
    p.putNull("delegatedManagedIdentityResourceId");
    p.putNull("description");
    n.put("id", r.id());
    n.put("type", ROLE_ASSIGNMENTS);
    n.put("name", r.name());
    return n;
  }

  // ---------------------------------------------------------------- role definitions

  private static Reply roleDefinition(String scope, String guid) {
    String roleName = BUILT_IN_ROLES.get(guid.toLowerCase(Locale.ROOT));
    if (roleName == null) {
      return Reply.armError(
          404,
          "RoleDefinitionDoesNotExist",
          "The specified role definition with ID '" + guid + "' does not exist.");
    }
    ObjectNode n = obj();
    n.put("id", scope + "/providers/Microsoft.Authorization/roleDefinitions/" + guid);
    n.put("name", guid);
    n.put("type", "Microsoft.Authorization/roleDefinitions");
    ObjectNode p = n.putObject("properties");
    p.put("roleName", roleName);
    p.put("type", "BuiltInRole");
    p.put("description", roleName + " (built-in role of the local cloud)");
    p.putArray("assignableScopes").add("/");
    ObjectNode perm = p.putArray("permissions").addObject();
    perm.putArray("actions");
    perm.putArray("notActions");
    perm.putArray("dataActions");
    perm.putArray("notDataActions");
    return Reply.json(200, n);
  }

  // ---------------------------------------------------------------- providers

  private static Reply provider(String subscription, String namespace) {
    ObjectNode n = obj();
    ArrayNode types = n.putArray("resourceTypes");
    String ns = null;
    for (Map.Entry<String, List<String>> e : new TreeMap<>(API_VERSIONS).entrySet()) {
      String[] parts = e.getKey().split("/");
      if (parts[0].equalsIgnoreCase(namespace)) {
        ns = canonicalNamespace(parts[0]);
        ObjectNode t = types.addObject();
        t.put("resourceType", canonicalType(parts[1]));
        t.putArray("locations");
        ArrayNode versions = t.putArray("apiVersions");
        e.getValue().forEach(versions::add);
      }
    }
    if (ns == null) {
      return Reply.armError(
          404,
          "InvalidResourceNamespace",
          "The resource namespace '" + namespace + "' is invalid.");
    }
    n.put("id", "/subscriptions/" + subscription + "/providers/" + ns);
    n.put("namespace", ns);
    n.put("registrationState", "Registered");
    return Reply.json(200, n);
  }

  private static String canonicalNamespace(String lower) {
    return switch (lower) {
      case "microsoft.databricks" -> "Microsoft.Databricks";
      case "microsoft.storage" -> "Microsoft.Storage";
      default -> "Microsoft.Authorization";
    };
  }

  private static String canonicalType(String lower) {
    return switch (lower) {
      case "accessconnectors" -> "accessConnectors";
      case "storageaccounts" -> "storageAccounts";
      case "roleassignments" -> "roleAssignments";
      case "roledefinitions" -> "roleDefinitions";
      default -> lower;
    };
  }

  // ---------------------------------------------------------------- helpers

  private static Reply locationConflict(String name, String existing, String rg, String wanted) {
    return Reply.armError(
        409,
        "InvalidResourceLocation",
        "The resource '"
            + name
            + "' already exists in location '"
            + existing
            + "' in resource group '"
            + rg
            + "'. A resource with the same name cannot be created in location '"
            + wanted
            + "'. Please select a new resource name.");
  }

  static boolean sameRegion(String a, String b) {
    return normalizeRegion(a).equals(normalizeRegion(b));
  }

  static String normalizeRegion(String region) {
    return region == null ? "" : region.replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /**
   * ARM's tag limits (Azure Resource Manager "Use tags to organize your Azure resources": a tag
   * name up to 512 characters, a value up to 256, at most 50 tags), answered 400 in the shape Az
   * PowerShell mirrors ({@code InvalidTagName} / {@code InvalidTagValueLength}); null when valid.
   */
  static Reply invalidTags(JsonNode body) {
    JsonNode tags = body.path("tags");
    if (!tags.isObject()) {
      return null;
    }
    if (tags.size() > 50) {
      return Reply.armError(
          400, "InvalidTagCount", "The resource has " + tags.size() + " tags; the limit is 50.");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = tags.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> t = it.next();
      if (t.getKey().length() > 512) {
        return Reply.armError(
            400,
            "InvalidTagName",
            "Tag key too large. Following tag name '"
                + t.getKey()
                + "' exceeded the maximum length. Maximum allowed length for tag name - '512'"
                + " characters.");
      }
      String value = t.getValue().asText("");
      if (value.length() > 256) {
        return Reply.armError(
            400,
            "InvalidTagValueLength",
            "Tag value too large. Following tag value '"
                + value
                + "' exceeded the maximum length. Maximum allowed length for tag value - '256'"
                + " characters.");
      }
    }
    return null;
  }

  private static Map<String, String> tags(JsonNode body) {
    Map<String, String> tags = new LinkedHashMap<>();
    body.path("tags").fields().forEachRemaining(e -> tags.put(e.getKey(), e.getValue().asText()));
    return tags;
  }

  private static void putTags(ObjectNode n, Map<String, String> tags) {
    ObjectNode t = n.putObject("tags");
    tags.forEach(t::put);
  }

  private String newGuid() {
    long hi = (ids.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (ids.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  private static String resourceId(String subscription, String rg, String type, String name) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + rg
        + "/providers/"
        + type
        + "/"
        + name;
  }

  private static String trimScope(String scope) {
    String s = scope == null ? "" : scope.replaceAll("/+$", "");
    return s.isEmpty() ? "/" : s;
  }

  static String key(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static ObjectNode obj() {
    return Call.JSON.createObjectNode();
  }
}
