package dev.lakewire.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Databricks account of the local cloud: its service principals, account admins, workspace
 * assignments (who is a member of which workspace) and the account routes of metastore assignments,
 * in the paths and bodies databricks-sdk-java sends ({@code AccountServicePrincipalsImpl}, {@code
 * WorkspaceAssignmentImpl}, {@code AccountMetastoreAssignmentsImpl}, v0.141.0). The real account
 * API lives on its own host ({@code https://accounts.azuredatabricks.net}); here it shares the
 * cloud's host and is told apart by its path prefix {@code /api/2.0/accounts/}, the only paths the
 * real account host serves.
 *
 * <p>The rules it enforces, each as the real services do:
 *
 * <ul>
 *   <li><b>Account admin only.</b> Every account route answers 403 to a caller that is not an
 *       account admin of this account (metastore assignment "requires an account admin": the
 *       Databricks metastore assignment API reference; the workspace assignment API is an account
 *       admin API).
 *   <li><b>Workspace membership.</b> A service principal that is not a member of a workspace gets
 *       403 on every workspace-level API, in the shape Databricks sends it (a Jetty HTML page,
 *       "Error 403 User not authorized.", as reported in DataThirstLtd/databricks.vsts.tools#20 and
 *       gbrueckl/Databricks.API.PowerShell#20; the SDK reads the {@code <pre>} of such pages,
 *       {@code ApiErrors.parseUnknownError}). It becomes a member through a workspace assignment,
 *       or automatically on its first call when it holds Contributor or Owner on the workspace
 *       resource in ARM and sends a management token (MicrosoftDocs/azure-docs#80900).
 *   <li><b>Identity federation.</b> Workspace assignments need an identity-federated workspace,
 *       which a workspace becomes when a Unity Catalog metastore is assigned to it.
 *   <li><b>Token audiences.</b> The {@code X-Databricks-Azure-SP-Management-Token} must be a token
 *       for {@code https://management.core.windows.net/}, as the SDK requests it; another audience
 *       is refused with 401.
 * </ul>
 *
 * Thread-safe: every operation holds this object's lock, and may then take the {@link
 * UnityCatalog}'s and the {@link Arm}'s (never the other way round).
 */
final class DatabricksAccount {

  static final String ACCOUNT_ID =
      UUID.nameUUIDFromBytes(
              "lakewire-local-cloud|databricks-account".getBytes(StandardCharsets.UTF_8))
          .toString();

  static final String MANAGEMENT_TOKEN_HEADER = "X-Databricks-Azure-SP-Management-Token";

  /** Owner and Contributor: the roles that make ARM principals workspace admins on first use. */
  private static final Set<String> WORKSPACE_CONTRIBUTOR_ROLES =
      Set.of("8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "b24988ac-6180-42a0-ab88-20f7382dd24c");

  static final String PREFIX = "/api/2.0/accounts/";
  private static final Pattern ACCOUNT = Pattern.compile("^/api/2\\.0/accounts/([^/]+)(/.*)?$");
  private static final Pattern SCIM_SPS = Pattern.compile("^/scim/v2/ServicePrincipals$");
  private static final Pattern ASSIGNMENTS =
      Pattern.compile("^/workspaces/(\\d+)/permissionassignments$");
  private static final Pattern ASSIGNMENT =
      Pattern.compile("^/workspaces/(\\d+)/permissionassignments/principals/(\\d+)$");
  private static final Pattern WORKSPACE_METASTORE =
      Pattern.compile("^/workspaces/(\\d+)/metastore$");
  private static final Pattern WORKSPACE_METASTORES =
      Pattern.compile("^/workspaces/(\\d+)/metastores/([^/]+)$");
  private static final Pattern APPLICATION_FILTER =
      Pattern.compile("applicationId\\s+eq\\s+\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
  private static final Pattern UC_WORKSPACE_METASTORE =
      Pattern.compile("^/api/2\\.1/unity-catalog/workspaces/[^/]+/metastore$");

  private final Arm arm;
  private final UnityCatalog unityCatalog;

  /** Application id (lower-case) to the account's service principal. */
  private final Map<String, ServicePrincipal> principals = new LinkedHashMap<>();

  /** Numeric workspace id to principal id to permissions. */
  private final Map<String, Map<Long, List<String>>> assignments = new LinkedHashMap<>();

  private long nextPrincipalId = 7_000_000_000_001L;

  private record ServicePrincipal(
      long id, String applicationId, String displayName, boolean admin) {}

  DatabricksAccount(Arm arm, UnityCatalog unityCatalog) {
    this.arm = arm;
    this.unityCatalog = unityCatalog;
  }

  // ---------------------------------------------------------------- seeding and queries

  synchronized void addServicePrincipal(String applicationId, boolean accountAdmin) {
    ServicePrincipal existing = principals.get(key(applicationId));
    long id = existing != null ? existing.id() : nextPrincipalId++;
    principals.put(
        key(applicationId),
        new ServicePrincipal(id, applicationId, "sp-" + applicationId, accountAdmin));
  }

  /** Makes a service principal (added to the account if needed) a member of the workspace. */
  synchronized void addMember(Arm.WorkspaceView ws, String applicationId, String permission) {
    if (!principals.containsKey(key(applicationId))) {
      addServicePrincipal(applicationId, false);
    }
    assignments
        .computeIfAbsent(ws.workspaceId(), k -> new LinkedHashMap<>())
        .put(principals.get(key(applicationId)).id(), List.of(permission));
  }

  synchronized Optional<List<String>> membership(Arm.WorkspaceView ws, String applicationId) {
    ServicePrincipal sp = principals.get(key(applicationId == null ? "" : applicationId));
    if (sp == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(assignments.getOrDefault(ws.workspaceId(), Map.of()).get(sp.id()));
  }

  synchronized int memberships() {
    return assignments.values().stream().mapToInt(Map::size).sum();
  }

  // ---------------------------------------------------------------- workspace-level gate

  /**
   * Whether a workspace-level call of this caller may go on: empty to let it through, else the
   * refusal. A caller with Contributor/Owner on the workspace and a valid management token is made
   * a member (as admin) here, as Azure Databricks does on first use.
   */
  synchronized Optional<Reply> admitWorkspaceCall(
      Call call, Arm.WorkspaceView ws, Tokens.Claims caller) {
    Optional<Reply> badToken = checkManagementToken(call);
    if (badToken.isPresent()) {
      return badToken;
    }
    String header = call.header(MANAGEMENT_TOKEN_HEADER);
    Optional<Tokens.Claims> management =
        header == null ? Optional.empty() : Tokens.parse(header.trim());
    if (membership(ws, caller.appId()).isEmpty()) {
      boolean contributor =
          management.isPresent()
              && management.get().principal().equalsIgnoreCase(caller.principal())
              && arm.holdsRole(ws.id(), caller.principal(), WORKSPACE_CONTRIBUTOR_ROLES);
      if (!contributor || caller.appId() == null) {
        return Optional.of(notAuthorized(call));
      }
      addMember(ws, caller.appId(), "ADMIN");
    }
    if (UC_WORKSPACE_METASTORE.matcher(call.path()).matches()
        && !call.method().equals("GET")
        && !isAdmin(caller)) {
      return Optional.of(
          Reply.databricksError(
              403,
              "PERMISSION_DENIED",
              "Only account admins can create, update or delete metastore assignments."));
    }
    return Optional.empty();
  }

  /**
   * A management token, when one is sent, must be for {@value Tokens#SERVICE_MANAGEMENT_RESOURCE}
   * as the SDK requests it; empty when there is none or it is.
   */
  private static Optional<Reply> checkManagementToken(Call call) {
    String header = call.header(MANAGEMENT_TOKEN_HEADER);
    if (header == null) {
      return Optional.empty();
    }
    Optional<Tokens.Claims> management = Tokens.parse(header.trim());
    if (management.isPresent() && management.get().forServiceManagement()) {
      return Optional.empty();
    }
    return Optional.of(
        Reply.databricksError(
            401,
            "UNAUTHENTICATED",
            "Invalid "
                + MANAGEMENT_TOKEN_HEADER
                + ": expected an Azure Resource Manager token for audience "
                + Tokens.SERVICE_MANAGEMENT_RESOURCE
                + management.map(c -> ", got audience " + c.audience()).orElse("")
                + "."));
  }

  /** Jetty's error page, as Azure Databricks answers a principal that is not a workspace user. */
  private static Reply notAuthorized(Call call) {
    String page =
        "<html>\n<head>\n<meta http-equiv=\"Content-Type\" content=\"text/html;charset=utf-8\"/>\n"
            + "<title>Error 403 User not authorized.</title>\n</head>\n<body><h2>HTTP ERROR 403</h2>\n"
            + "<p>Problem accessing "
            + call.path()
            + ". Reason:\n<pre>    User not authorized.</pre></p>\n</body>\n</html>\n";
    return new Reply(
        403,
        Map.of("Content-Type", "text/html;charset=utf-8"),
        page.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------- account routes

  /** Answers a request under {@code /api/2.0/accounts/}. */
  synchronized Reply handle(Call call, Tokens.Claims caller) {
    Matcher m = ACCOUNT.matcher(call.path());
    if (!m.matches()) {
      return notFound(call);
    }
    Optional<Reply> badToken = checkManagementToken(call);
    if (badToken.isPresent()) {
      return badToken.get();
    }
    if (!m.group(1).equalsIgnoreCase(ACCOUNT_ID) || !isAdmin(caller)) {
      return Reply.databricksError(
          403,
          "PERMISSION_DENIED",
          "The caller "
              + (caller.appId() == null ? caller.principal() : caller.appId())
              + " is not an account admin of account "
              + m.group(1)
              + ".");
    }
    String rest = m.group(2) == null ? "/" : m.group(2);
    Matcher r;
    if (SCIM_SPS.matcher(rest).matches()) {
      return call.method().equals("GET") ? listPrincipals(call) : notAllowed(call);
    }
    if ((r = ASSIGNMENTS.matcher(rest)).matches()) {
      return withWorkspace(
          r.group(1), ws -> call.method().equals("GET") ? listAssignments(ws) : notAllowed(call));
    }
    if ((r = ASSIGNMENT.matcher(rest)).matches()) {
      long principalId = Long.parseLong(r.group(2));
      return withWorkspace(r.group(1), ws -> assignment(call, ws, principalId));
    }
    if ((r = WORKSPACE_METASTORE.matcher(rest)).matches()) {
      return withWorkspace(
          r.group(1), ws -> call.method().equals("GET") ? metastoreOf(ws) : notAllowed(call));
    }
    if ((r = WORKSPACE_METASTORES.matcher(rest)).matches()) {
      String metastoreId = r.group(2);
      return withWorkspace(r.group(1), ws -> metastoreAssignment(call, ws, metastoreId));
    }
    return notFound(call);
  }

  private Reply listPrincipals(Call call) {
    String filter = call.param("filter") == null ? "" : call.param("filter");
    Matcher f = APPLICATION_FILTER.matcher(filter);
    List<ServicePrincipal> found = new ArrayList<>();
    for (ServicePrincipal sp : principals.values()) {
      if (!f.find(0) || sp.applicationId().equalsIgnoreCase(f.group(1))) {
        found.add(sp);
      }
    }
    long start = parseLong(call.param("startIndex"), 1);
    long count = parseLong(call.param("count"), 100);
    ObjectNode n = Call.JSON.createObjectNode();
    n.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:ListResponse");
    n.put("totalResults", found.size());
    n.put("startIndex", start);
    ArrayNode resources = n.putArray("Resources");
    for (int i = (int) Math.max(0, start - 1); i < found.size() && resources.size() < count; i++) {
      ServicePrincipal sp = found.get(i);
      ObjectNode o = resources.addObject();
      o.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServicePrincipal");
      o.put("id", Long.toString(sp.id()));
      o.put("applicationId", sp.applicationId());
      o.put("displayName", sp.displayName());
      o.put("active", true);
    }
    n.put("itemsPerPage", resources.size());
    return Reply.json(200, n);
  }

  private Reply listAssignments(Arm.WorkspaceView ws) {
    ObjectNode n = Call.JSON.createObjectNode();
    ArrayNode a = n.putArray("permission_assignments");
    assignments
        .getOrDefault(ws.workspaceId(), Map.of())
        .forEach(
            (principalId, permissions) -> {
              ObjectNode o = a.addObject();
              ObjectNode p = o.putObject("principal");
              p.put("principal_id", principalId);
              principals.values().stream()
                  .filter(sp -> sp.id() == principalId)
                  .findFirst()
                  .ifPresent(
                      sp -> {
                        p.put("service_principal_name", sp.applicationId());
                        p.put("display_name", sp.displayName());
                      });
              ArrayNode perms = o.putArray("permissions");
              permissions.forEach(perms::add);
            });
    return Reply.json(200, n);
  }

  private Reply assignment(Call call, Arm.WorkspaceView ws, long principalId) {
    Optional<ServicePrincipal> sp =
        principals.values().stream().filter(p -> p.id() == principalId).findFirst();
    if (sp.isEmpty()) {
      return Reply.databricksError(
          404, "RESOURCE_DOES_NOT_EXIST", "Principal " + principalId + " does not exist.");
    }
    switch (call.method()) {
      case "PUT":
        if (unityCatalog.accountAssignment(ws.id()).isEmpty()) {
          return Reply.databricksError(
              400,
              "INVALID_PARAMETER_VALUE",
              "Workspace "
                  + ws.workspaceId()
                  + " is not enabled for identity federation: assign a Unity Catalog metastore"
                  + " to it first.");
        }
        JsonNode permissions = call.json().map(b -> b.path("permissions")).orElse(null);
        List<String> perms = new ArrayList<>();
        if (permissions != null && permissions.isArray()) {
          permissions.forEach(p -> perms.add(p.asText()));
        }
        Set<String> valid = new LinkedHashSet<>(List.of("USER", "ADMIN"));
        if (perms.isEmpty() || !valid.containsAll(perms)) {
          return Reply.databricksError(
              400, "INVALID_PARAMETER_VALUE", "permissions must be a list of USER or ADMIN.");
        }
        assignments
            .computeIfAbsent(ws.workspaceId(), k -> new LinkedHashMap<>())
            .put(principalId, List.copyOf(perms));
        ObjectNode o = Call.JSON.createObjectNode();
        ObjectNode p = o.putObject("principal");
        p.put("principal_id", principalId);
        p.put("service_principal_name", sp.get().applicationId());
        p.put("display_name", sp.get().displayName());
        ArrayNode a = o.putArray("permissions");
        perms.forEach(a::add);
        return Reply.json(200, o);
      case "DELETE":
        assignments.getOrDefault(ws.workspaceId(), new LinkedHashMap<>()).remove(principalId);
        return Reply.json(200, Call.JSON.createObjectNode());
      default:
        return notAllowed(call);
    }
  }

  private Reply metastoreOf(Arm.WorkspaceView ws) {
    Optional<UnityCatalog.Assignment> a = unityCatalog.accountAssignment(ws.id());
    if (a.isEmpty()) {
      return Reply.databricksError(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          "Workspace " + ws.workspaceId() + " has no metastore assigned.");
    }
    ObjectNode n = Call.JSON.createObjectNode();
    ObjectNode m = n.putObject("metastore_assignment");
    m.put("workspace_id", Long.parseLong(ws.workspaceId()));
    m.put("metastore_id", a.get().metastoreId());
    if (a.get().defaultCatalog() != null) {
      m.put("default_catalog_name", a.get().defaultCatalog());
    }
    return Reply.json(200, n);
  }

  private Reply metastoreAssignment(Call call, Arm.WorkspaceView ws, String metastoreId) {
    switch (call.method()) {
      case "POST":
        {
          JsonNode info =
              call.json().map(b -> b.path("metastore_assignment")).orElse(Call.JSON.nullNode());
          String bodyMetastore = info.path("metastore_id").asText(metastoreId);
          if (!bodyMetastore.equalsIgnoreCase(metastoreId)) {
            return Reply.databricksError(
                400,
                "INVALID_PARAMETER_VALUE",
                "metastore_assignment.metastore_id does not match the metastore in the path.");
          }
          return unityCatalog.assignFromAccount(
              ws, metastoreId, info.path("default_catalog_name").asText(null));
        }
      case "DELETE":
        return unityCatalog.unassignFromAccount(ws, metastoreId);
      default:
        return notAllowed(call);
    }
  }

  // ---------------------------------------------------------------- helpers

  private boolean isAdmin(Tokens.Claims caller) {
    if (caller.appId() == null) {
      return false;
    }
    ServicePrincipal sp = principals.get(key(caller.appId()));
    return sp != null && sp.admin();
  }

  private Reply withWorkspace(
      String numericId, java.util.function.Function<Arm.WorkspaceView, Reply> f) {
    Optional<Arm.WorkspaceView> ws = arm.workspaceByNumericId(numericId);
    if (ws.isEmpty()) {
      return Reply.databricksError(
          404,
          "RESOURCE_DOES_NOT_EXIST",
          "Workspace " + numericId + " does not exist in the account.");
    }
    return f.apply(ws.get());
  }

  private static Reply notFound(Call call) {
    return Reply.databricksError(
        404, "ENDPOINT_NOT_FOUND", "No API found for '" + call.method() + " " + call.path() + "'");
  }

  private static Reply notAllowed(Call call) {
    return Reply.databricksError(
        405, "ENDPOINT_NOT_FOUND", "No API found for '" + call.method() + " " + call.path() + "'");
  }

  private static long parseLong(String s, long fallback) {
    try {
      return s == null ? fallback : Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static String key(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
