package dev.lakewire.testing;

import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorDeletions;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.CatalogDeletions;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.ExternalLocation;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.Managed;
import dev.lakewire.ports.MetastoreAssignment;
import dev.lakewire.ports.MetastoreAssignments;
import dev.lakewire.ports.RoleAssignmentDeletions;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.ports.RoleAssignments;
import dev.lakewire.ports.StorageAccount;
import dev.lakewire.ports.StorageAccounts;
import dev.lakewire.ports.StorageCredential;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.WorkspaceMemberships;
import dev.lakewire.ports.WorkspaceMetastores;
import dev.lakewire.ports.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Fakes of every cloud port over one in-memory state, recording every write. Connectors provision
 * after {@link #connectorProvisioning} of clock time; a new principal is unknown to role
 * assignments for {@link #principalReplication}.
 */
public final class FakeCloud {

  private final Clock clock;
  public Duration connectorProvisioning = Duration.ZERO;
  public Duration principalReplication = Duration.ZERO;

  /** How long a new metastore assignment stays invisible to the workspace itself. */
  public Duration assignmentLag = Duration.ZERO;

  private final Map<String, Workspace> workspaces = new HashMap<>();
  private final Map<String, AccessConnector> connectors = new LinkedHashMap<>();
  private final Map<String, Instant> connectorCreated = new HashMap<>();
  private final java.util.Set<String> infraConnectors = new java.util.HashSet<>();
  private final Map<String, StorageAccount> storage = new HashMap<>();
  private final Map<String, RoleAssignmentSpec> roleAssignments = new LinkedHashMap<>();
  private final Map<String, String> metastoreByWorkspace = new HashMap<>();
  private final Map<String, Instant> assignedAt = new HashMap<>();
  private final Set<String> members = new HashSet<>();
  private final Map<String, String> credentials = new LinkedHashMap<>();
  private final Map<String, String> locations = new LinkedHashMap<>();

  /** External location name to the credential it uses. */
  private final Map<String, String> locationCredentials = new LinkedHashMap<>();

  /** Isolated external locations: name to the workspace id bound to it. */
  public final Map<String, String> isolatedLocations = new LinkedHashMap<>();

  /** Validation failures the next validations report, one each (none: every validation passes). */
  public final List<String> validationFailures = new ArrayList<>();

  /** Every write, in order, e.g. {@code PUT connector <id>}. */
  public final List<String> writes = new ArrayList<>();

  public FakeCloud(Clock clock) {
    this.clock = clock;
  }

  public Workspace addWorkspace(String id, String location, String state) {
    String name = id.substring(id.lastIndexOf('/') + 1);
    Workspace ws =
        new Workspace(
            id,
            name,
            location,
            state,
            String.valueOf(1_000_000L + workspaces.size()),
            "adb-" + (1_000_000L + workspaces.size()) + ".1.azuredatabricks.net",
            Map.of());
    workspaces.put(key(id), ws);
    return ws;
  }

  public void setWorkspaceState(String id, String state) {
    Workspace w = workspaces.get(key(id));
    workspaces.put(
        key(id),
        new Workspace(
            w.id(), w.name(), w.location(), state, w.workspaceId(), w.workspaceUrl(), w.tags()));
  }

  /** Replaces a workspace's ARM tags. */
  public void setWorkspaceTags(String id, Map<String, String> tags) {
    Workspace w = workspaces.get(key(id));
    workspaces.put(
        key(id),
        new Workspace(
            w.id(),
            w.name(),
            w.location(),
            w.provisioningState(),
            w.workspaceId(),
            w.workspaceUrl(),
            tags));
  }

  public void addStorageAccount(String id, boolean hns) {
    String name = id.substring(id.lastIndexOf('/') + 1);
    storage.put(
        key(id), new StorageAccount(id, name, hns, "https://" + name + ".dfs.core.windows.net/"));
  }

  /** A connector that exists already (e.g. provisioned by infra), not recorded as a write. */
  public void addReadyConnector(String id, String location) {
    infraConnectors.add(key(id));
    String name = id.substring(id.lastIndexOf('/') + 1);
    connectors.put(
        key(id),
        new AccessConnector(
            id,
            name,
            location,
            "Succeeded",
            UUID.nameUUIDFromBytes(key(id).getBytes()).toString(),
            Map.of()));
  }

  /** A metastore assigned before lakewire came (auto-enabled Unity Catalog): in effect at once. */
  public void assignMetastore(String workspaceId, String metastoreId) {
    metastoreByWorkspace.put(key(workspaceId), metastoreId);
    assignedAt.put(key(workspaceId), Instant.MIN);
  }

  public void unassignMetastore(String workspaceId) {
    metastoreByWorkspace.remove(key(workspaceId));
  }

  /** The connectors lakewire created (not those {@link #addReadyConnector} put there). */
  /** Whether lakewire's principal is a member of the workspace. */
  public boolean isMember(String workspaceId) {
    return members.contains(key(workspaceId));
  }

  public List<AccessConnector> connectors() {
    return connectors.values().stream()
        .filter(c -> !infraConnectors.contains(key(c.id())))
        .map(this::view)
        .toList();
  }

  public List<RoleAssignmentSpec> roleAssignments() {
    return List.copyOf(roleAssignments.values());
  }

  public Map<String, String> metastoreAssignments() {
    return Map.copyOf(metastoreByWorkspace);
  }

  public Map<String, String> storageCredentials() {
    return Map.copyOf(credentials);
  }

  public Map<String, String> externalLocations() {
    return Map.copyOf(locations);
  }

  public Workspaces workspaces() {
    return id -> Optional.ofNullable(workspaces.get(key(id)));
  }

  public AccessConnectors accessConnectors() {
    return new AccessConnectors() {
      @Override
      public Optional<AccessConnector> find(String id) {
        return Optional.ofNullable(connectors.get(key(id))).map(FakeCloud.this::view);
      }

      @Override
      public AccessConnector create(AccessConnectorSpec spec) {
        writes.add("PUT connector " + spec.id());
        String name = spec.id().substring(spec.id().lastIndexOf('/') + 1);
        String uami = spec.userAssignedIdentityId();
        AccessConnector c =
            new AccessConnector(
                spec.id(),
                name,
                spec.location(),
                "Succeeded",
                uami == null ? UUID.nameUUIDFromBytes(key(spec.id()).getBytes()).toString() : null,
                spec.tags(),
                uami == null ? "SystemAssigned" : "UserAssigned",
                uami == null
                    ? Map.of()
                    : Map.of(uami, UUID.nameUUIDFromBytes(key(uami).getBytes()).toString()));
        connectors.put(key(spec.id()), c);
        connectorCreated.putIfAbsent(key(spec.id()), clock.instant());
        return view(c);
      }
    };
  }

  public StorageAccounts storageAccounts() {
    return new StorageAccounts() {
      @Override
      public Optional<StorageAccount> find(String id) {
        return Optional.ofNullable(storage.get(key(id)));
      }

      @Override
      public void allowResourceAccess(String accountId, String resourceId) {
        writes.add("PATCH storage-account " + accountId + " rule " + resourceId);
        StorageAccount a = storage.get(key(accountId));
        List<String> rules = new ArrayList<>(a.resourceAccessRules());
        rules.add(resourceId);
        storage.put(
            key(accountId),
            new StorageAccount(
                a.id(), a.name(), a.hierarchicalNamespace(), a.dfsEndpoint(), true, rules));
      }
    };
  }

  /** Puts a storage firewall ({@code defaultAction: Deny}, no rules) on an account. */
  public void denyStorageNetworks(String id) {
    StorageAccount a = storage.get(key(id));
    storage.put(
        key(id),
        new StorageAccount(
            a.id(), a.name(), a.hierarchicalNamespace(), a.dfsEndpoint(), true, null));
  }

  public RoleAssignments roleAssignmentsPort() {
    return new RoleAssignments() {
      @Override
      public Optional<RoleAssignmentSpec> fetch(RoleAssignmentSpec desired) {
        return Optional.ofNullable(roleAssignments.get(desired.name()));
      }

      @Override
      public RoleAssignmentSpec create(RoleAssignmentSpec spec) {
        Instant born =
            connectorCreated.entrySet().stream()
                .filter(
                    e ->
                        spec.principalId().equals(connectors.get(e.getKey()).principalId())
                            || connectors
                                .get(e.getKey())
                                .userAssignedIdentities()
                                .containsValue(spec.principalId()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(Instant.MIN);
        if (born != Instant.MIN
            && clock
                .instant()
                .isBefore(born.plus(connectorProvisioning).plus(principalReplication))) {
          throw new CloudFailure.NotYet("PrincipalNotFound: " + spec.principalId(), null);
        }
        RoleAssignmentSpec existing = roleAssignments.get(spec.name());
        if (existing != null) {
          // ARM's PUT of an existing name answers 200 with the assignment
          throw new Managed.AlreadyExists(spec.describe() + " exists", existing, null);
        }
        writes.add("PUT roleAssignment " + spec.scope() + " " + spec.roleDefinitionGuid());
        roleAssignments.put(spec.name(), spec);
        return spec;
      }
    };
  }

  public MetastoreAssignments metastoreAssignmentsPort() {
    return new MetastoreAssignments() {
      @Override
      public Optional<String> current(Workspace workspace) {
        return Optional.ofNullable(metastoreByWorkspace.get(key(workspace.id())));
      }

      @Override
      public MetastoreAssignment create(MetastoreAssignment wanted) {
        Workspace workspace = wanted.workspace();
        if (metastoreByWorkspace.containsKey(key(workspace.id()))) {
          throw new Managed.AlreadyExists("the workspace has an assignment", null, null);
        }
        writes.add("PUT metastore " + workspace.workspaceId() + " " + wanted.metastoreId());
        metastoreByWorkspace.put(key(workspace.id()), wanted.metastoreId());
        assignedAt.put(key(workspace.id()), clock.instant());
        return wanted;
      }

      @Override
      public boolean delete(MetastoreAssignment expected, MetastoreAssignment actual) {
        Workspace workspace = actual.workspace();
        writes.add("DELETE metastore " + workspace.workspaceId() + " " + actual.metastoreId());
        return metastoreByWorkspace.remove(key(workspace.id()), actual.metastoreId());
      }
    };
  }

  /** What the workspace itself reports: an assignment once {@link #assignmentLag} has passed. */
  public WorkspaceMetastores workspaceMetastoresPort() {
    return workspace -> {
      requireMember(workspace);
      Instant at = assignedAt.get(key(workspace.id()));
      if (at == null || clock.instant().isBefore(at.plus(assignmentLag))) {
        return Optional.empty();
      }
      return Optional.ofNullable(metastoreByWorkspace.get(key(workspace.id())));
    };
  }

  /** Workspace assignments of lakewire's principal; only identity-federated workspaces take one. */
  public WorkspaceMemberships workspaceMembershipsPort() {
    return new WorkspaceMemberships() {
      @Override
      public Optional<Workspace> fetch(Workspace workspace) {
        return Optional.of(workspace).filter(w -> members.contains(key(w.id())));
      }

      @Override
      public Workspace create(Workspace workspace) {
        if (!metastoreByWorkspace.containsKey(key(workspace.id()))) {
          throw new IllegalStateException("workspace not identity-federated: no metastore yet");
        }
        writes.add("PUT workspace-assignment " + workspace.workspaceId());
        members.add(key(workspace.id()));
        return workspace;
      }
    };
  }

  /** Unity Catalog's create: a member's POST of a new name, RESOURCE_ALREADY_EXISTS otherwise. */
  private void post(Workspace workspace, Map<String, String> existing, String name, String what) {
    requireMember(workspace);
    if (existing.containsKey(name)) {
      throw new Managed.AlreadyExists("RESOURCE_ALREADY_EXISTS", null, null);
    }
    writes.add("POST " + what + " " + name);
  }

  private void requireMember(Workspace workspace) {
    if (!members.contains(key(workspace.id()))) {
      throw new CloudFailure.Permanent("403 User not authorized (not a workspace member)", null);
    }
  }

  public StorageCredentials storageCredentialsPort() {
    return new StorageCredentials() {
      @Override
      public Optional<StorageCredential> fetch(StorageCredential wanted) {
        requireMember(wanted.workspace());
        String existing = credentials.get(wanted.name());
        if (existing == null) {
          return Optional.empty();
        }
        String[] on = existing.split(" via ", 2);
        return Optional.of(
            new StorageCredential(
                wanted.workspace(),
                wanted.name(),
                on[0],
                on.length > 1 ? on[1] : null,
                "lakewire",
                true));
      }

      @Override
      public StorageCredential create(StorageCredential wanted) {
        post(wanted.workspace(), credentials, wanted.name(), "storage-credential");
        String identity = wanted.managedIdentityId();
        String connectorId = wanted.accessConnectorId();
        credentials.put(
            wanted.name(), identity == null ? connectorId : connectorId + " via " + identity);
        return wanted;
      }

      @Override
      public List<String> validate(
          Workspace workspace, String credential, String locationName, String url) {
        return validationFailures.isEmpty() ? List.of() : List.of(validationFailures.remove(0));
      }
    };
  }

  public ExternalLocations externalLocationsPort() {
    return new ExternalLocations() {
      @Override
      public Optional<ExternalLocation> fetch(ExternalLocation wanted) {
        requireMember(wanted.workspace());
        String url = locations.get(wanted.name());
        if (url == null) {
          return Optional.empty();
        }
        boolean isolated =
            wanted.workspace().workspaceId().equals(isolatedLocations.get(wanted.name()));
        return Optional.of(
            new ExternalLocation(
                wanted.workspace(),
                wanted.name(),
                url,
                locationCredentials.get(wanted.name()),
                isolated,
                "lakewire",
                true));
      }

      @Override
      public ExternalLocation create(ExternalLocation wanted) {
        post(wanted.workspace(), locations, wanted.name(), "external-location");
        locations.put(wanted.name(), wanted.url());
        locationCredentials.put(wanted.name(), wanted.credentialName());
        return wanted.isolated() ? update(wanted, wanted) : wanted;
      }

      @Override
      public ExternalLocation update(ExternalLocation wanted, ExternalLocation actual) {
        isolatedLocations.put(wanted.name(), wanted.workspace().workspaceId());
        return wanted;
      }
    };
  }

  /** Deleting connectors: gone at once (as ARM's 200); none is false (ARM's 204). */
  public AccessConnectorDeletions accessConnectorDeletionsPort() {
    return () ->
        Managed.deletedBy(
            accessConnectors(),
            (spec, actual) -> {
              if (connectors.remove(key(spec.id())) == null) {
                return false;
              }
              writes.add("DELETE connector " + spec.id());
              connectorCreated.remove(key(spec.id()));
              return true;
            });
  }

  /** Reading and deleting role assignments by name (names are GUIDs, unique across scopes). */
  public RoleAssignmentDeletions roleAssignmentDeletionsPort() {
    return () ->
        Managed.deletedBy(
            roleAssignmentsPort(),
            (expected, actual) -> {
              roleAssignments.remove(actual.name());
              writes.add(
                  "DELETE roleAssignment " + actual.scope() + " " + actual.roleDefinitionGuid());
              return true;
            });
  }

  /** A role assignment made by someone else (not recorded as a write). */
  public void addRoleAssignment(RoleAssignmentSpec spec) {
    roleAssignments.put(spec.name(), spec);
  }

  /** Deleting Unity Catalog objects; a credential external locations use is refused. */
  public CatalogDeletions catalogDeletionsPort() {
    return new CatalogDeletions() {
      @Override
      public Managed<ExternalLocation, ExternalLocation> externalLocations() {
        return Managed.deletedBy(
            externalLocationsPort(),
            (wanted, actual) -> {
              locations.remove(wanted.name());
              locationCredentials.remove(wanted.name());
              isolatedLocations.remove(wanted.name());
              writes.add("DELETE external-location " + wanted.name());
              return true;
            });
      }

      @Override
      public Managed<StorageCredential, StorageCredential> storageCredentials() {
        return Managed.deletedBy(
            storageCredentialsPort(),
            (wanted, actual) -> {
              if (locationCredentials.containsValue(wanted.name())) {
                throw new CloudFailure.Permanent(
                    "storage credential " + wanted.name() + " has dependent storage location(s)",
                    null);
              }
              credentials.remove(wanted.name());
              writes.add("DELETE storage-credential " + wanted.name());
              return true;
            });
      }
    };
  }

  /** The connector as ARM would show it now: provisioning until its delay has passed. */
  private AccessConnector view(AccessConnector c) {
    Instant created = connectorCreated.get(key(c.id()));
    if (created != null && clock.instant().isBefore(created.plus(connectorProvisioning))) {
      Map<String, String> uamis = new java.util.LinkedHashMap<>();
      c.userAssignedIdentities().keySet().forEach(k -> uamis.put(k, null));
      return new AccessConnector(
          c.id(), c.name(), c.location(), "Creating", null, c.tags(), c.identityType(), uamis);
    }
    return c;
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }
}
