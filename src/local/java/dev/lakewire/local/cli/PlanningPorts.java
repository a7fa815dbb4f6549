package dev.lakewire.local.cli;

import dev.lakewire.app.AzureWiring.CloudPorts;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.ports.AccessConnector;
import dev.lakewire.ports.AccessConnectorSpec;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.ConnectorAttachment;
import dev.lakewire.ports.ExternalLocation;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.Managed;
import dev.lakewire.ports.MetastoreAssignment;
import dev.lakewire.ports.MetastoreAssignments;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The cloud ports with every write captured instead of sent ({@code lakewire plan}): reads go
 * through to the real adapters; each write is recorded as a planned change and answered with the
 * desired object, so that the steps carry on as if it had been made. What only exists after apply
 * reads as the desired state: a planned connector reads as provisioned with its principal "{@value
 * #KNOWN_AFTER_APPLY}", a planned metastore assignment as in effect, and a workspace lakewire would
 * first join is not read at all (lakewire cannot call it before joining; its Unity Catalog objects
 * are planned as "ensure", known after apply). Validation against the storage (a POST) is not sent
 * either.
 */
final class PlanningPorts {

  /** How a value that only exists once the plan is applied reads. */
  static final String KNOWN_AFTER_APPLY = "(known after apply)";

  /**
   * One planned change.
   *
   * @param step the step that would make it
   * @param what the change, in words
   */
  record Change(String step, String what) {}

  private final CloudPorts real;
  private final List<Change> changes = new ArrayList<>();
  private final Map<String, AccessConnector> plannedConnectors = new HashMap<>();
  private final Map<String, String> plannedMetastores = new HashMap<>();
  private final Set<String> plannedMembers = new HashSet<>();
  private final Map<String, List<String>> plannedRules = new HashMap<>();
  private final Map<String, ConnectorAttachment> plannedAttachments = new HashMap<>();
  private String step = "";

  PlanningPorts(CloudPorts real) {
    this.real = real;
  }

  /** The step whose changes are being recorded. */
  void step(String name) {
    step = name;
  }

  List<Change> changes() {
    return List.copyOf(changes);
  }

  private void plan(String what) {
    changes.add(new Change(step, what));
  }

  private static String key(String id) {
    return id.toLowerCase(Locale.ROOT);
  }

  /** Whether lakewire would join this workspace first (so it cannot read it now). */
  private boolean joinsFirst(Workspace ws) {
    return plannedMembers.contains(key(ws.id()));
  }

  /** The ports with writes captured. */
  CloudPorts ports() {
    return new CloudPorts(
        workspaces(),
        connectors(),
        storageAccounts(),
        roleAssignments(),
        metastoreAssignments(),
        memberships(),
        workspaceMetastores(),
        storageCredentials(),
        externalLocations());
  }

  private Workspaces workspaces() {
    return new Workspaces() {
      @Override
      public Optional<Workspace> find(String id) {
        return real.workspaces().find(id);
      }

      @Override
      public List<Workspace> list(String subscriptionId) {
        return real.workspaces().list(subscriptionId);
      }

      @Override
      public Optional<ConnectorAttachment> attachment(String id) {
        ConnectorAttachment planned = plannedAttachments.get(key(id));
        return planned != null ? Optional.of(planned) : real.workspaces().attachment(id);
      }

      @Override
      public void attach(String id, String accessConnectorId, String userAssignedIdentityId) {
        String type = userAssignedIdentityId == null ? "SystemAssigned" : "UserAssigned";
        plan(
            "attach access connector "
                + accessConnectorId
                + " ("
                + type
                + (userAssignedIdentityId == null ? "" : " " + userAssignedIdentityId)
                + ") to workspace "
                + id
                + " (a read-modify-write PUT of the workspace)");
        plannedAttachments.put(
            key(id), new ConnectorAttachment("Succeeded", accessConnectorId, type));
      }
    };
  }

  private AccessConnectors connectors() {
    return new AccessConnectors() {
      @Override
      public Optional<AccessConnector> find(String id) {
        AccessConnector planned = plannedConnectors.get(key(id));
        return planned != null ? Optional.of(planned) : real.accessConnectors().find(id);
      }

      @Override
      public AccessConnector update(AccessConnectorSpec spec, AccessConnector actual) {
        if (!actual.failed()) {
          plan(
              "write back lakewire's tags on access connector "
                  + spec.id()
                  + " (a PUT keeping its other tags): "
                  + spec.keepingTagsOf(actual).tags().keySet().stream().sorted().toList());
          return actual;
        }
        return AccessConnectors.super.update(spec, actual);
      }

      @Override
      public AccessConnector create(AccessConnectorSpec spec) {
        boolean exists = real.accessConnectors().find(spec.id()).isPresent();
        String name = spec.id().substring(spec.id().lastIndexOf('/') + 1);
        String uami = spec.userAssignedIdentityId();
        plan(
            (exists ? "re-create access connector " : "create access connector ")
                + spec.id()
                + " in "
                + spec.location()
                + ", identity "
                + (uami == null ? "SystemAssigned" : "UserAssigned " + uami)
                + ", tags "
                + new java.util.TreeMap<>(spec.tags()));
        Map<String, String> uamis = new LinkedHashMap<>();
        if (uami != null) {
          uamis.put(uami, KNOWN_AFTER_APPLY);
        }
        AccessConnector desired =
            new AccessConnector(
                spec.id(),
                name,
                spec.location(),
                "Succeeded",
                uami == null ? KNOWN_AFTER_APPLY : null,
                spec.tags(),
                uami == null ? "SystemAssigned" : "UserAssigned",
                uamis);
        plannedConnectors.put(key(spec.id()), desired);
        return desired;
      }
    };
  }

  private StorageAccounts storageAccounts() {
    return new StorageAccounts() {
      @Override
      public Optional<StorageAccount> find(String id) {
        return real.storageAccounts().find(id).map(this::withPlannedRules);
      }

      @Override
      public Optional<StorageAccount> findFresh(String id) {
        return real.storageAccounts().findFresh(id).map(this::withPlannedRules);
      }

      private StorageAccount withPlannedRules(StorageAccount a) {
        List<String> rules = plannedRules.get(key(a.id()));
        if (rules == null) {
          return a;
        }
        List<String> all = new ArrayList<>(a.resourceAccessRules());
        all.addAll(rules);
        return new StorageAccount(
            a.id(), a.name(), a.hierarchicalNamespace(), a.dfsEndpoint(), a.firewallDenies(), all);
      }

      @Override
      public void allowResourceAccess(String accountId, String resourceId) {
        plan("add a resource access rule for " + resourceId + " to storage account " + accountId);
        plannedRules.computeIfAbsent(key(accountId), k -> new ArrayList<>()).add(resourceId);
      }
    };
  }

  private RoleAssignments roleAssignments() {
    return new RoleAssignments() {
      @Override
      public Optional<RoleAssignmentSpec> fetch(RoleAssignmentSpec desired) {
        return unknowable(desired) ? Optional.empty() : real.roleAssignments().fetch(desired);
      }

      @Override
      public RoleAssignmentSpec create(RoleAssignmentSpec spec) {
        // a create is sent first (no read before it): a plan reads first, as the PUT would find
        Optional<RoleAssignmentSpec> existing = fetch(spec);
        if (existing.isPresent()) {
          throw new Managed.AlreadyExists(spec.describe() + " exists", existing.get(), null);
        }
        plan(
            "create role assignment "
                + roleName(spec.roleDefinitionGuid())
                + " on "
                + spec.scope()
                + " for principal "
                + spec.principalId()
                + (unknowable(spec) ? "" : " (name " + spec.name() + ")"));
        return spec;
      }
    };
  }

  /** A grant to a principal or on a connector this plan creates: nothing to read yet. */
  private boolean unknowable(RoleAssignmentSpec spec) {
    return spec.principalId().equals(KNOWN_AFTER_APPLY)
        || plannedConnectors.containsKey(key(spec.scope()));
  }

  private static String roleName(String guid) {
    for (BuiltInRole r : BuiltInRole.values()) {
      if (r.guid().equalsIgnoreCase(guid)) {
        return r.displayName();
      }
    }
    return guid.equalsIgnoreCase("b24988ac-6180-42a0-ab88-20f7382dd24c") ? "Contributor" : guid;
  }

  private MetastoreAssignments metastoreAssignments() {
    return new MetastoreAssignments() {
      @Override
      public Optional<String> current(Workspace ws) {
        if (plannedMetastores.containsKey(key(ws.id()))) {
          return Optional.ofNullable(plannedMetastores.get(key(ws.id())));
        }
        return real.metastoreAssignments().current(ws);
      }

      @Override
      public MetastoreAssignment create(MetastoreAssignment wanted) {
        Workspace ws = wanted.workspace();
        plan(
            "assign metastore "
                + wanted.metastoreId()
                + " to workspace "
                + ws.name()
                + " (default catalog "
                + wanted.defaultCatalogName()
                + ")");
        plannedMetastores.put(key(ws.id()), wanted.metastoreId());
        return wanted;
      }

      @Override
      public boolean delete(MetastoreAssignment expected, MetastoreAssignment actual) {
        Workspace ws = actual.workspace();
        plan("unassign metastore " + actual.metastoreId() + " from workspace " + ws.name());
        plannedMetastores.put(key(ws.id()), null);
        return true;
      }
    };
  }

  private WorkspaceMemberships memberships() {
    return new WorkspaceMemberships() {
      @Override
      public Optional<Workspace> fetch(Workspace ws) {
        // a workspace without a metastore is not identity-federated: nothing to read there yet
        boolean federated = !plannedMetastores.containsKey(key(ws.id()));
        return federated ? real.workspaceMemberships().fetch(ws) : Optional.empty();
      }

      @Override
      public Workspace create(Workspace ws) {
        plan("add lakewire's service principal to workspace " + ws.name() + " as USER");
        plannedMembers.add(key(ws.id()));
        return ws;
      }
    };
  }

  private WorkspaceMetastores workspaceMetastores() {
    return ws -> {
      String planned = plannedMetastores.get(key(ws.id()));
      if (planned != null || joinsFirst(ws)) {
        // in effect once applied (the workspace reports a new assignment after a while)
        return Optional.ofNullable(
            planned != null ? planned : real.metastoreAssignments().current(ws).orElse(null));
      }
      return real.workspaceMetastores().current(ws);
    };
  }

  private StorageCredentials storageCredentials() {
    return new StorageCredentials() {
      @Override
      public Optional<StorageCredential> fetch(StorageCredential wanted) {
        if (joinsFirst(wanted.workspace())
            || plannedConnectors.containsKey(key(wanted.accessConnectorId()))) {
          return Optional.empty();
        }
        return real.storageCredentials().fetch(wanted);
      }

      @Override
      public StorageCredential create(StorageCredential wanted) {
        // a workspace lakewire has not joined cannot be asked whether a metastore-wide credential
        // (the shared connector's) exists; one on a connector this plan creates cannot
        boolean unknown =
            joinsFirst(wanted.workspace())
                && !plannedConnectors.containsKey(key(wanted.accessConnectorId()));
        String identity = wanted.managedIdentityId();
        plan(
            (unknown ? "ensure storage credential " : "create storage credential ")
                + wanted.name()
                + " on access connector "
                + wanted.accessConnectorId()
                + (identity == null ? "" : " via " + identity)
                + (unknown ? " " + KNOWN_AFTER_APPLY + READS_AFTER_JOINING : ""));
        return wanted;
      }

      @Override
      public List<String> validate(
          Workspace ws, String credentialName, String externalLocationName, String url) {
        // a POST to Unity Catalog: not sent by a plan; validation runs when the plan is applied
        return List.of();
      }
    };
  }

  private ExternalLocations externalLocations() {
    return new ExternalLocations() {
      @Override
      public Optional<ExternalLocation> fetch(ExternalLocation wanted) {
        return joinsFirst(wanted.workspace())
            ? Optional.empty()
            : real.externalLocations().fetch(wanted);
      }

      @Override
      public ExternalLocation create(ExternalLocation wanted) {
        plan(
            (joinsFirst(wanted.workspace()) ? "ensure" : "create")
                + " external location "
                + wanted.name()
                + " → "
                + wanted.url()
                + " on "
                + wanted.credentialName()
                + (wanted.isolated() ? ", isolated and bound to the workspace" : "")
                + (joinsFirst(wanted.workspace())
                    ? " " + KNOWN_AFTER_APPLY + READS_AFTER_JOINING
                    : ""));
        return wanted;
      }

      @Override
      public ExternalLocation update(ExternalLocation wanted, ExternalLocation actual) {
        plan(
            "isolate external location "
                + wanted.name()
                + " and bind it to workspace "
                + wanted.workspace().name());
        return wanted;
      }
    };
  }

  private static final String READS_AFTER_JOINING =
      ": lakewire reads the metastore only once it has joined the workspace";
}
