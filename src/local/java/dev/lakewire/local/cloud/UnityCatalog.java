package dev.lakewire.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Databricks side of the local cloud: the Unity Catalog routes lakewire uses. Every workspace
 * shares the cloud's host; a request is routed to its workspace by the {@code
 * X-Databricks-Azure-Workspace-Resource-Id} header (or {@code X-Databricks-Workspace-Id}, the
 * numeric id). Storage credentials and external locations live in the metastore assigned to that
 * workspace. Thread-safe (every operation holds this object's lock; it may then take the {@link
 * Arm}'s, never the other way round).
 */
final class UnityCatalog {

  static final String WORKSPACE_RESOURCE_HEADER = "X-Databricks-Azure-Workspace-Resource-Id";
  static final String WORKSPACE_ID_HEADER = "X-Databricks-Workspace-Id";
  static final String MANAGEMENT_TOKEN_HEADER = "X-Databricks-Azure-SP-Management-Token";

  private static final String UC = "/api/2.1/unity-catalog";
  private static final Pattern WORKSPACE_METASTORE =
      Pattern.compile("^" + UC + "/workspaces/([^/]+)/metastore$");
  private static final Pattern METASTORE = Pattern.compile("^" + UC + "/metastores/([^/]+)$");
  private static final Pattern CREDENTIALS =
      Pattern.compile("^" + UC + "/storage-credentials(?:/([^/]+))?$");
  private static final Pattern LOCATIONS =
      Pattern.compile("^" + UC + "/external-locations(?:/([^/]+))?$");
  private static final Pattern ABFSS =
      Pattern.compile("^abfss://[^@/]+@[^/]+\\.dfs\\.core\\.windows\\.net(/.*)?$");
  private static final Pattern ABFSS_PARTS =
      Pattern.compile(
          "^abfss://([^@/]+)@([^./]+)\\.dfs\\.core\\.windows\\.net(/.*)?$",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern BINDINGS = Pattern.compile("^" + UC + "/bindings/([^/]+)/([^/]+)$");
  private static final String VALIDATE = UC + "/validate-storage-credentials";

  /** The roles Databricks accepts on an Access Connector: built-in Contributor (and Owner). */
  private static final Set<String> CONNECTOR_ROLES =
      Set.of("b24988ac-6180-42a0-ab88-20f7382dd24c", "8e3af657-a8ff-443c-a75c-2fe8c4bcb635");

  private final Arm arm;
  private final Clock clock;
  private final String host;
  private final Duration assignmentLag;

  private final Map<String, Metastore> metastores = new LinkedHashMap<>();

  /** Workspace ARM id (lower-case) to its assignment. */
  private final Map<String, Assignment> assignments = new LinkedHashMap<>();

  /**
   * @param assignmentLag how long after a metastore assignment the workspace itself still reports
   *     none (already scaled): a PUT answers 200 while {@code current-metastore-assignment} says
   *     "No metastore assigned for the current workspace" for a while
   *     (terraform-provider-databricks #1832, #2061)
   */
  UnityCatalog(Arm arm, Clock clock, String host, Duration assignmentLag) {
    this.arm = arm;
    this.clock = clock;
    this.host = host;
    this.assignmentLag = assignmentLag;
  }

  private record Metastore(
      String id,
      String region,
      long createdAt,
      Map<String, ObjectNode> credentials,
      Map<String, ObjectNode> locations,
      Map<String, Map<Long, String>> bindings) {}

  /** An assignment as the account records it; the workspace sees it from {@code effectiveAt}. */
  record Assignment(String metastoreId, String defaultCatalog, Instant effectiveAt) {}

  // ---------------------------------------------------------------- seeding and queries

  synchronized void addMetastore(String metastoreId, String region) {
    metastores.putIfAbsent(
        key(metastoreId),
        new Metastore(
            metastoreId,
            Arm.normalizeRegion(region),
            clock.millis(),
            new LinkedHashMap<>(),
            new LinkedHashMap<>(),
            new LinkedHashMap<>()));
  }

  synchronized void assignDirectly(String workspaceArmId, String metastoreId) {
    Arm.WorkspaceView ws =
        arm.workspaceById(workspaceArmId)
            .orElseThrow(() -> new IllegalArgumentException("no workspace " + workspaceArmId));
    Metastore m = metastores.get(key(metastoreId));
    if (m == null) {
      throw new IllegalArgumentException("no metastore " + metastoreId + "; addMetastore first");
    }
    assignments.put(key(ws.id()), new Assignment(m.id(), "hive_metastore", Instant.MIN));
  }

  /** The assignment the account records (in effect in the workspace or not), or empty. */
  synchronized Optional<Assignment> accountAssignment(String workspaceArmId) {
    return Optional.ofNullable(assignments.get(key(workspaceArmId)));
  }

  /**
   * Assigns a metastore from the account API: 404 for an unknown metastore, 400 for another region,
   * 409 when the workspace has an assignment already (it must be deleted first), else the
   * assignment, which the workspace sees after the lag.
   */
  synchronized Reply assignFromAccount(
      Arm.WorkspaceView ws, String metastoreId, String defaultCatalog) {
    Metastore m = metastores.get(key(metastoreId));
    if (m == null) {
      return Reply.databricksError(
          404, "METASTORE_DOES_NOT_EXIST", "Metastore '" + metastoreId + "' does not exist.");
    }
    if (!Arm.sameRegion(m.region(), ws.location())) {
      return wrongRegion(m, ws);
    }
    Assignment current = assignments.get(key(ws.id()));
    if (current != null) {
      return Reply.databricksError(
          409,
          "RESOURCE_ALREADY_EXISTS",
          "Workspace "
              + ws.workspaceId()
              + " already has metastore "
              + current.metastoreId()
              + " assigned.");
    }
    assignments.put(
        key(ws.id()), new Assignment(m.id(), defaultCatalog, clock.instant().plus(assignmentLag)));
    return Reply.json(200, Call.JSON.createObjectNode());
  }

  /** Deletes the workspace's assignment to this metastore; 404 when it has none to it. */
  synchronized Reply unassignFromAccount(Arm.WorkspaceView ws, String metastoreId) {
    Assignment current = assignments.get(key(ws.id()));
    if (current == null || !current.metastoreId().equalsIgnoreCase(metastoreId)) {
      return Reply.databricksError(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          "Workspace " + ws.workspaceId() + " is not assigned metastore " + metastoreId + ".");
    }
    assignments.remove(key(ws.id()));
    return Reply.json(200, Call.JSON.createObjectNode());
  }

  /** The assignment the workspace itself sees now (after the lag), or null. */
  private Assignment inEffect(Arm.WorkspaceView ws) {
    Assignment a = assignments.get(key(ws.id()));
    return a == null || clock.instant().isBefore(a.effectiveAt()) ? null : a;
  }

  synchronized Optional<String> assignedMetastore(String workspaceArmId) {
    pruneDeletedWorkspaces();
    return Optional.ofNullable(assignments.get(key(workspaceArmId))).map(Assignment::metastoreId);
  }

  synchronized Map<String, String> externalLocations(String metastoreId) {
    Map<String, String> urls = new LinkedHashMap<>();
    Metastore m = metastores.get(key(metastoreId));
    if (m != null) {
      m.locations().forEach((name, loc) -> urls.put(name, loc.path("url").asText()));
    }
    return urls;
  }

  synchronized Set<String> storageCredentials(String metastoreId) {
    Metastore m = metastores.get(key(metastoreId));
    return m == null ? Set.of() : Set.copyOf(m.credentials().keySet());
  }

  /** How many storage credentials (in all metastores) use this Access Connector. */
  synchronized int credentialCountOn(String connectorId) {
    return (int)
        metastores.values().stream()
            .flatMap(m -> m.credentials().values().stream())
            .filter(
                c ->
                    c.path("azure_managed_identity")
                        .path("access_connector_id")
                        .asText()
                        .equalsIgnoreCase(connectorId))
            .count();
  }

  synchronized int assignmentCount() {
    pruneDeletedWorkspaces();
    return assignments.size();
  }

  synchronized int credentialCount() {
    return metastores.values().stream().mapToInt(m -> m.credentials().size()).sum();
  }

  synchronized int locationCount() {
    return metastores.values().stream().mapToInt(m -> m.locations().size()).sum();
  }

  // ---------------------------------------------------------------- routing

  /** What {@code GET /.well-known/databricks-config} answers (no workspace: the host is shared). */
  ObjectNode wellKnownConfig() {
    ObjectNode n = Call.JSON.createObjectNode();
    n.put("oidc_endpoint", host + "/oidc");
    n.put("cloud", "azure");
    return n;
  }

  /** Answers an authenticated, admitted Databricks API request. */
  synchronized Reply handle(Call call, String principal) {
    // The caller Databricks checks Azure roles of: the principal of the ARM token in the
    // management-token header (what the SDK sends for a service principal), else the caller.
    String armCaller =
        Optional.ofNullable(call.header(MANAGEMENT_TOKEN_HEADER))
            .flatMap(Tokens::parse)
            .filter(c -> !c.forDatabricks())
            .map(Tokens.Claims::principal)
            .orElse(principal);
    Optional<Arm.WorkspaceView> caller;
    String resourceId = call.header(WORKSPACE_RESOURCE_HEADER);
    String numericId = call.header(WORKSPACE_ID_HEADER);
    if (resourceId != null) {
      caller = arm.workspaceById(resourceId.trim());
    } else if (numericId != null) {
      caller = arm.workspaceByNumericId(numericId.trim());
    } else {
      return Reply.databricksError(
          400,
          "INVALID_PARAMETER_VALUE",
          "Every workspace of the local cloud shares one host: send the "
              + WORKSPACE_RESOURCE_HEADER
              + " header to name the workspace.");
    }
    if (caller.isEmpty()) {
      return Reply.databricksError(
          400,
          "INVALID_PARAMETER_VALUE",
          "No workspace "
              + (resourceId != null ? resourceId : numericId)
              + " exists in the local cloud.");
    }
    Arm.WorkspaceView ws = caller.get();
    String path = call.path();
    if (path.equals(UC + "/current-metastore-assignment")) {
      return call.method().equals("GET") ? currentAssignment(ws) : notAllowed(call);
    }
    Matcher assignment = WORKSPACE_METASTORE.matcher(path);
    if (assignment.matches()) {
      return workspaceMetastore(call, assignment.group(1));
    }
    Matcher metastore = METASTORE.matcher(path);
    if (metastore.matches()) {
      return call.method().equals("GET") ? metastore(metastore.group(1)) : notAllowed(call);
    }
    Matcher credential = CREDENTIALS.matcher(path);
    if (credential.matches()) {
      return withMetastore(
          ws, ms -> credentials(call, ms, credential.group(1), principal, armCaller));
    }
    Matcher location = LOCATIONS.matcher(path);
    if (location.matches()) {
      return withMetastore(ws, ms -> locations(call, ms, location.group(1), principal));
    }
    if (path.equals(VALIDATE)) {
      return call.method().equals("POST")
          ? withMetastore(ws, ms -> validate(call, ms, ws))
          : notAllowed(call);
    }
    Matcher binding = BINDINGS.matcher(path);
    if (binding.matches()) {
      return withMetastore(ws, ms -> bindings(call, ms, binding.group(1), binding.group(2)));
    }
    return Reply.databricksError(
        404, "ENDPOINT_NOT_FOUND", "No API found for '" + call.method() + " " + path + "'");
  }

  private static Reply notAllowed(Call call) {
    return Reply.databricksError(
        405, "ENDPOINT_NOT_FOUND", "No API found for '" + call.method() + " " + call.path() + "'");
  }

  private Reply withMetastore(Arm.WorkspaceView ws, Function<Metastore, Reply> f) {
    Assignment a = inEffect(ws);
    if (a == null) {
      return noMetastore();
    }
    return f.apply(metastores.get(key(a.metastoreId())));
  }

  private static Reply noMetastore() {
    return Reply.databricksError(
        404, "METASTORE_DOES_NOT_EXIST", "No metastore assigned for the current workspace.");
  }

  // ---------------------------------------------------------------- metastore assignment

  private Reply currentAssignment(Arm.WorkspaceView ws) {
    Assignment a = inEffect(ws);
    if (a == null) {
      return noMetastore();
    }
    ObjectNode n = Call.JSON.createObjectNode();
    n.put("workspace_id", Long.parseLong(ws.workspaceId()));
    n.put("metastore_id", a.metastoreId());
    if (a.defaultCatalog() != null) {
      n.put("default_catalog_name", a.defaultCatalog());
    }
    return Reply.json(200, n);
  }

  private Reply workspaceMetastore(Call call, String workspaceId) {
    Optional<Arm.WorkspaceView> target = arm.workspaceByNumericId(workspaceId);
    if (target.isEmpty()) {
      return Reply.databricksError(
          404, "RESOURCE_DOES_NOT_EXIST", "Workspace " + workspaceId + " does not exist.");
    }
    Arm.WorkspaceView ws = target.get();
    switch (call.method()) {
      case "PUT":
      case "PATCH":
        JsonNode body = call.json().orElse(Call.JSON.createObjectNode());
        String metastoreId = body.path("metastore_id").asText(null);
        Assignment current = assignments.get(key(ws.id()));
        if (metastoreId == null || metastoreId.isBlank()) {
          if (call.method().equals("PATCH") && current != null) {
            metastoreId = current.metastoreId();
          } else {
            return Reply.databricksError(
                400, "INVALID_PARAMETER_VALUE", "metastore_id is required.");
          }
        }
        Metastore m = metastores.get(key(metastoreId));
        if (m == null) {
          return Reply.databricksError(
              404, "METASTORE_DOES_NOT_EXIST", "Metastore '" + metastoreId + "' does not exist.");
        }
        if (!Arm.sameRegion(m.region(), ws.location())) {
          return wrongRegion(m, ws);
        }
        String catalog = body.path("default_catalog_name").asText(null);
        if (catalog == null && current != null) {
          catalog = current.defaultCatalog();
        }
        boolean same = current != null && current.metastoreId().equalsIgnoreCase(m.id());
        assignments.put(
            key(ws.id()),
            new Assignment(
                m.id(),
                catalog,
                same ? current.effectiveAt() : clock.instant().plus(assignmentLag)));
        return Reply.json(200, Call.JSON.createObjectNode());
      case "DELETE":
        assignments.remove(key(ws.id()));
        return Reply.json(200, Call.JSON.createObjectNode());
      default:
        return notAllowed(call);
    }
  }

  private static Reply wrongRegion(Metastore m, Arm.WorkspaceView ws) {
    return Reply.databricksError(
        400,
        "INVALID_PARAMETER_VALUE",
        "Metastore "
            + m.id()
            + " is in region "
            + m.region()
            + " but workspace "
            + ws.workspaceId()
            + " is in region "
            + Arm.normalizeRegion(ws.location())
            + "; a workspace can only be assigned a metastore of its own region.");
  }

  private Reply metastore(String id) {
    Metastore m = metastores.get(key(id));
    if (m == null) {
      return Reply.databricksError(
          404, "METASTORE_DOES_NOT_EXIST", "Metastore '" + id + "' does not exist.");
    }
    ObjectNode n = Call.JSON.createObjectNode();
    n.put("metastore_id", m.id());
    n.put("name", "metastore_azure_" + m.region());
    n.put("region", m.region());
    n.put("cloud", "azure");
    n.put("global_metastore_id", "azure:" + m.region() + ":" + m.id());
    n.put("privilege_model_version", "1.0");
    n.put("owner", "account users");
    n.put("created_at", m.createdAt());
    n.put("created_by", "local-cloud");
    n.put("updated_at", m.createdAt());
    n.put("delta_sharing_scope", "INTERNAL");
    return Reply.json(200, n);
  }

  /**
   * The metastore assignment of a deleted workspace goes with it: dropped here when next looked at
   * (pruned under this lock, which is taken before ARM's, never after).
   */
  private void pruneDeletedWorkspaces() {
    assignments.keySet().removeIf(id -> arm.workspaceById(id).isEmpty());
  }

  // ---------------------------------------------------------------- storage credentials

  private Reply credentials(
      Call call, Metastore m, String name, String principal, String armCaller) {
    if (name == null) {
      return switch (call.method()) {
        case "GET" -> list("storage_credentials", m.credentials());
        case "POST" -> createCredential(call, m, principal, armCaller);
        default -> notAllowed(call);
      };
    }
    ObjectNode c = m.credentials().get(key(name));
    return switch (call.method()) {
      case "GET" -> c == null ? notFound("Storage Credential", name) : Reply.json(200, c);
      case "DELETE" -> {
        if (c == null) {
          yield notFound("Storage Credential", name);
        }
        // Without force, Unity Catalog refuses while external locations use the credential
        // (databricks-sdk DeleteStorageCredentialRequest.force: "Force deletion even if there are
        // dependent external locations or external tables"); the wording is the one reported in
        // terraform-provider-databricks#4000 (its status code there is not shown: 400 here)
        long used =
            m.locations().values().stream()
                .filter(l -> l.path("credential_name").asText().equalsIgnoreCase(name))
                .count();
        if (used > 0 && !"true".equalsIgnoreCase(call.param("force"))) {
          yield Reply.databricksError(
              400,
              "INVALID_PARAMETER_VALUE",
              "Storage credential '"
                  + name
                  + "' has 0 directly dependent external table(s) and "
                  + used
                  + " dependent storage location(s). You may use force option to delete it but"
                  + " the managed storage data using this storage credential cannot be purged by"
                  + " Unity Catalog anymore.");
        }
        m.credentials().remove(key(name));
        yield Reply.json(200, Call.JSON.createObjectNode());
      }
      default -> notAllowed(call);
    };
  }

  private Reply createCredential(Call call, Metastore m, String principal, String armCaller) {
    JsonNode body = call.json().orElse(Call.JSON.createObjectNode());
    String name = body.path("name").asText("");
    if (name.isBlank()) {
      return invalid("name is required.");
    }
    String connectorId = body.path("azure_managed_identity").path("access_connector_id").asText("");
    if (connectorId.isBlank()) {
      return invalid(
          "azure_managed_identity.access_connector_id is required (the local cloud supports"
              + " Access Connector credentials only).");
    }
    if (m.credentials().containsKey(key(name))) {
      return Reply.databricksError(
          409, "RESOURCE_ALREADY_EXISTS", "Storage Credential '" + name + "' already exists.");
    }
    if (arm.readyConnectorPrincipal(connectorId).isEmpty()) {
      return invalid(
          "Azure Managed Identity Credential with Access Connector Id "
              + connectorId
              + " could not be found, or its identity is not provisioned yet.");
    }
    // Databricks looks up the caller's role assignments on the connector for the built-in
    // Contributor role by id (a custom role with the same actions does not count):
    // databricks/cli#1486, terraform-provider-databricks#5768.
    if (!arm.holdsRole(connectorId, armCaller, CONNECTOR_ROLES)) {
      return Reply.databricksError(
          403,
          "PERMISSION_DENIED",
          "Registering a storage credential requires the contributor role over the corresponding"
              + " access connector. Principal "
              + armCaller
              + " has no Contributor role assignment on "
              + connectorId
              + ".");
    }
    long now = clock.millis();
    ObjectNode c = Call.JSON.createObjectNode();
    c.put(
        "id",
        UUID.nameUUIDFromBytes(
                (m.id() + "|credential|" + key(name)).getBytes(StandardCharsets.UTF_8))
            .toString());
    c.put("name", key(name));
    c.put("full_name", key(name));
    c.put("metastore_id", m.id());
    ObjectNode mi = c.putObject("azure_managed_identity");
    mi.put("access_connector_id", connectorId);
    String uami = body.path("azure_managed_identity").path("managed_identity_id").asText(null);
    if (uami != null) {
      mi.put("managed_identity_id", uami);
    }
    mi.put("credential_id", c.path("id").asText());
    if (body.hasNonNull("comment")) {
      c.put("comment", body.path("comment").asText());
    }
    c.put("read_only", body.path("read_only").asBoolean(false));
    c.put("owner", principal);
    c.put("created_at", now);
    c.put("created_by", principal);
    c.put("updated_at", now);
    c.put("updated_by", principal);
    c.put("isolation_mode", "ISOLATION_MODE_OPEN");
    c.put("used_for_managed_storage", false);
    m.credentials().put(key(name), c);
    return Reply.json(200, c);
  }

  // ---------------------------------------------------------------- external locations

  private Reply locations(Call call, Metastore m, String name, String principal) {
    if (name == null) {
      return switch (call.method()) {
        case "GET" -> list("external_locations", m.locations());
        case "POST" -> createLocation(call, m, principal);
        default -> notAllowed(call);
      };
    }
    ObjectNode l = m.locations().get(key(name));
    return switch (call.method()) {
      case "GET" -> l == null ? notFound("External Location", name) : Reply.json(200, l);
      case "PATCH" -> {
        if (l == null) {
          yield notFound("External Location", name);
        }
        JsonNode patch = call.json().orElse(Call.JSON.createObjectNode());
        String mode = patch.path("isolation_mode").asText(null);
        if (mode != null) {
          if (!mode.equals("ISOLATION_MODE_OPEN") && !mode.equals("ISOLATION_MODE_ISOLATED")) {
            yield invalid("isolation_mode must be ISOLATION_MODE_OPEN or ISOLATION_MODE_ISOLATED.");
          }
          l.put("isolation_mode", mode);
        }
        if (patch.hasNonNull("comment")) {
          l.put("comment", patch.path("comment").asText());
        }
        l.put("updated_at", clock.millis());
        yield Reply.json(200, l);
      }
      case "DELETE" -> {
        if (l == null) {
          yield notFound("External Location", name);
        }
        m.bindings().remove(key(name));
        m.locations().remove(key(name));
        yield Reply.json(200, Call.JSON.createObjectNode());
      }
      default -> notAllowed(call);
    };
  }

  private Reply createLocation(Call call, Metastore m, String principal) {
    JsonNode body = call.json().orElse(Call.JSON.createObjectNode());
    String name = body.path("name").asText("");
    String url = body.path("url").asText("");
    String credential = body.path("credential_name").asText("");
    if (name.isBlank() || url.isBlank() || credential.isBlank()) {
      return invalid("name, url and credential_name are required.");
    }
    if (!ABFSS.matcher(url).matches()) {
      return invalid(
          "Invalid url '"
              + url
              + "': expected abfss://<container>@<account>.dfs.core.windows.net/<path>.");
    }
    if (m.locations().containsKey(key(name))) {
      return Reply.databricksError(
          409, "RESOURCE_ALREADY_EXISTS", "External Location '" + name + "' already exists.");
    }
    ObjectNode cred = m.credentials().get(key(credential));
    if (cred == null) {
      return notFound("Storage Credential", credential);
    }
    for (Map.Entry<String, ObjectNode> e : m.locations().entrySet()) {
      if (overlaps(url, e.getValue().path("url").asText())) {
        return invalid(
            "Input path url '"
                + url
                + "' overlaps with an existing external location '"
                + e.getKey()
                + "' within 'CreateExternalLocation' call.");
      }
    }
    // Without skip_validation Databricks tries the storage with the credential first.
    if (!body.path("skip_validation").asBoolean(false)) {
      String failure = firstFailure(cred, url, body.path("read_only").asBoolean(false));
      if (failure != null) {
        return Reply.databricksError(
            403,
            "PERMISSION_DENIED",
            "Failed to access cloud storage: " + failure + " (validation of '" + url + "').");
      }
    }
    long now = clock.millis();
    ObjectNode l = Call.JSON.createObjectNode();
    l.put("name", key(name));
    l.put("url", url);
    l.put("credential_name", cred.path("name").asText());
    l.put("credential_id", cred.path("id").asText());
    l.put("metastore_id", m.id());
    if (body.hasNonNull("comment")) {
      l.put("comment", body.path("comment").asText());
    }
    l.put("read_only", body.path("read_only").asBoolean(false));
    l.put("owner", principal);
    l.put("created_at", now);
    l.put("created_by", principal);
    l.put("updated_at", now);
    l.put("updated_by", principal);
    l.put("isolation_mode", "ISOLATION_MODE_OPEN");
    l.put("browse_only", false);
    m.locations().put(key(name), l);
    return Reply.json(200, l);
  }

  /** Whether one URL is the other or lies below it (case-insensitive, trailing slashes ignored). */
  static boolean overlaps(String a, String b) {
    String x = key(a).replaceAll("/+$", "") + "/";
    String y = key(b).replaceAll("/+$", "") + "/";
    return x.startsWith(y) || y.startsWith(x);
  }

  // ---------------------------------------------------------------- validation and bindings

  /**
   * {@code POST /api/2.1/unity-catalog/validate-storage-credentials}: tries the credential's
   * identity against the storage now (the data plane, where new RBAC grants arrive late) and
   * answers per operation (READ, LIST, WRITE, DELETE; WRITE and DELETE are SKIP when read only), in
   * the shape of the SDK's {@code ValidateStorageCredentialResponse}.
   */
  private Reply validate(Call call, Metastore m, Arm.WorkspaceView ws) {
    JsonNode body = call.json().orElse(Call.JSON.createObjectNode());
    String credentialName = body.path("storage_credential_name").asText("");
    if (credentialName.isBlank()) {
      return invalid(
          "storage_credential_name is required (the local cloud validates existing credentials"
              + " only).");
    }
    ObjectNode cred = m.credentials().get(key(credentialName));
    if (cred == null) {
      return notFound("Storage Credential", credentialName);
    }
    String url = body.path("url").asText("");
    String locationName = body.path("external_location_name").asText("");
    if (!locationName.isBlank()) {
      ObjectNode l = m.locations().get(key(locationName));
      if (l == null) {
        return notFound("External Location", locationName);
      }
      if ("ISOLATION_MODE_ISOLATED".equals(l.path("isolation_mode").asText())
          && !m.bindings()
              .getOrDefault(key(locationName), Map.of())
              .containsKey(Long.parseLong(ws.workspaceId()))) {
        return Reply.databricksError(
            403,
            "PERMISSION_DENIED",
            "External location '" + locationName + "' is not accessible in the current workspace.");
      }
      url = l.path("url").asText();
    }
    if (!ABFSS.matcher(url).matches()) {
      return invalid("Invalid url '" + url + "': expected abfss://<container>@<account>...");
    }
    boolean readOnly = body.path("read_only").asBoolean(false);
    String[] access = access(cred, url);
    ObjectNode n = Call.JSON.createObjectNode();
    n.put("is_dir", true);
    ArrayNode results = n.putArray("results");
    result(results, "READ", access[0]);
    result(results, "LIST", access[0]);
    if (readOnly) {
      results.addObject().put("operation", "WRITE").put("result", "SKIP");
      results.addObject().put("operation", "DELETE").put("result", "SKIP");
    } else {
      result(results, "WRITE", access[1]);
      result(results, "DELETE", access[1]);
    }
    return Reply.json(200, n);
  }

  private static void result(ArrayNode results, String operation, String failure) {
    ObjectNode r = results.addObject();
    r.put("operation", operation);
    r.put("result", failure == null ? "PASS" : "FAIL");
    if (failure != null) {
      r.put("message", failure);
    }
  }

  /** The read and write failures of a credential on a URL (null entries: it works). */
  private String[] access(ObjectNode credential, String url) {
    Matcher parts = ABFSS_PARTS.matcher(url);
    if (!parts.matches()) {
      return new String[] {"not an abfss URL", "not an abfss URL"};
    }
    String connectorId =
        credential.path("azure_managed_identity").path("access_connector_id").asText();
    return arm.dataPlaneAccess(connectorId, parts.group(2), parts.group(1));
  }

  private String firstFailure(ObjectNode credential, String url, boolean readOnly) {
    String[] a = access(credential, url);
    return a[0] != null ? a[0] : readOnly ? null : a[1];
  }

  /**
   * {@code GET|PATCH /api/2.1/unity-catalog/bindings/{securable_type}/{name}}: which workspaces an
   * isolated securable is bound to (external locations here).
   */
  private Reply bindings(Call call, Metastore m, String type, String name) {
    if (!type.equals("external_location") && !type.equals("external-locations")) {
      return invalid("The local cloud binds external locations only, not '" + type + "'.");
    }
    if (!m.locations().containsKey(key(name))) {
      return notFound("External Location", name);
    }
    Map<Long, String> bound = m.bindings().computeIfAbsent(key(name), k -> new LinkedHashMap<>());
    if (call.method().equals("PATCH")) {
      JsonNode body = call.json().orElse(Call.JSON.createObjectNode());
      for (JsonNode b : body.path("add")) {
        long id = b.path("workspace_id").asLong(0);
        if (arm.workspaceByNumericId(Long.toString(id)).isEmpty()) {
          return invalid("Workspace " + id + " does not exist.");
        }
        bound.put(id, b.path("binding_type").asText("BINDING_TYPE_READ_WRITE"));
      }
      for (JsonNode b : body.path("remove")) {
        bound.remove(b.path("workspace_id").asLong(0));
      }
    } else if (!call.method().equals("GET")) {
      return notAllowed(call);
    }
    ObjectNode n = Call.JSON.createObjectNode();
    ArrayNode a = n.putArray("bindings");
    bound.forEach((id, t) -> a.addObject().put("workspace_id", id).put("binding_type", t));
    return Reply.json(200, n);
  }

  /** The workspaces an external location is bound to (numeric ids). */
  synchronized Set<Long> locationBindings(String metastoreId, String name) {
    Metastore m = metastores.get(key(metastoreId));
    return m == null
        ? Set.of()
        : Set.copyOf(m.bindings().getOrDefault(key(name), Map.of()).keySet());
  }

  /** Validates a metastore's external location now, as {@code validate-storage-credentials}. */
  synchronized Optional<String> locationAccessFailure(String metastoreId, String name) {
    Metastore m = metastores.get(key(metastoreId));
    ObjectNode l = m == null ? null : m.locations().get(key(name));
    if (l == null) {
      return Optional.of("no external location " + name);
    }
    ObjectNode cred = m.credentials().get(key(l.path("credential_name").asText()));
    return Optional.ofNullable(
        cred == null
            ? "its credential is gone"
            : firstFailure(cred, l.path("url").asText(), false));
  }

  // ---------------------------------------------------------------- helpers

  private static Reply list(String field, Map<String, ObjectNode> items) {
    ObjectNode n = Call.JSON.createObjectNode();
    ArrayNode a = n.putArray(field);
    items.values().forEach(a::add);
    return Reply.json(200, n);
  }

  private static Reply notFound(String what, String name) {
    return Reply.databricksError(
        404, "RESOURCE_DOES_NOT_EXIST", what + " '" + name + "' does not exist.");
  }

  private static Reply invalid(String message) {
    return Reply.databricksError(400, "INVALID_PARAMETER_VALUE", message);
  }

  private static String key(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
