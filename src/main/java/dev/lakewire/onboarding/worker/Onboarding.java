package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.step.AssignStorageRoles;
import dev.lakewire.onboarding.step.BindMetastore;
import dev.lakewire.onboarding.step.CreateAccessConnector;
import dev.lakewire.onboarding.step.OnboardingStep;
import dev.lakewire.onboarding.step.PolicyScoped;
import dev.lakewire.onboarding.step.RemoveAccessConnector;
import dev.lakewire.onboarding.step.RemoveCatalogObjects;
import dev.lakewire.onboarding.step.RemoveStorageRoles;
import dev.lakewire.onboarding.step.SharedConnectorRoles;
import dev.lakewire.ports.AccessConnectorDeletions;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.CatalogDeletions;
import dev.lakewire.ports.DeadLetterQueues;
import dev.lakewire.ports.EventTopic;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.MetastoreAssignments;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.ResourceEvents;
import dev.lakewire.ports.RoleAssignmentDeletions;
import dev.lakewire.ports.RoleAssignments;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StepMessages;
import dev.lakewire.ports.StorageAccounts;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.WorkspaceMemberships;
import dev.lakewire.ports.WorkspaceMetastores;
import dev.lakewire.ports.Workspaces;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The use cases, assembled from ports and the policy: what the function classes call.
 *
 * @param events Event Grid intake
 * @param starter starts runs (used by the other use cases and the local run)
 * @param kickoff the HTTP kickoff
 * @param worker the step worker
 * @param reprocessor the reprocess queue
 * @param replay the dead-letter replay
 * @param status status queries over the ledger
 * @param policy the policy in force
 * @param sweep the sweep over every workspace of the allowed subscriptions (backfill, drift repair)
 */
public record Onboarding(
    WorkspaceEvents events,
    OnboardingStarter starter,
    Kickoff kickoff,
    StepWorker worker,
    Reprocessor reprocessor,
    DeadLetterReplay replay,
    StatusQuery status,
    OnboardingPolicy policy,
    Sweep sweep) {

  /** Everything the use cases need from outside. */
  public static final class Builder {
    private Workspaces workspaces;
    private AccessConnectors accessConnectors;
    private StorageAccounts storageAccounts;
    private RoleAssignments roleAssignments;
    private MetastoreAssignments metastoreAssignments;
    private WorkspaceMemberships workspaceMemberships;
    private WorkspaceMetastores workspaceMetastores;
    private StorageCredentials storageCredentials;
    private ExternalLocations externalLocations;
    private AccessConnectorDeletions accessConnectorDeletions;
    private RoleAssignmentDeletions roleAssignmentDeletions;
    private CatalogDeletions catalogDeletions;
    private StepMessages messages;
    private DeadLetterQueues deadLetters;
    private OnboardingLedger ledger;
    private OnboardingPolicy policy;
    private EventTopic eventTopic = EventTopic.NONE;
    private ResourceEvents resourceEvents;
    private Clock clock = Clock.systemUTC();
    private RandomGenerator random = new java.util.Random();
    private Supplier<String> ids = () -> UUID.randomUUID().toString();

    public Builder workspaces(Workspaces v) {
      workspaces = v;
      return this;
    }

    public Builder accessConnectors(AccessConnectors v) {
      accessConnectors = v;
      return this;
    }

    public Builder storageAccounts(StorageAccounts v) {
      storageAccounts = v;
      return this;
    }

    public Builder roleAssignments(RoleAssignments v) {
      roleAssignments = v;
      return this;
    }

    public Builder metastoreAssignments(MetastoreAssignments v) {
      metastoreAssignments = v;
      return this;
    }

    public Builder workspaceMemberships(WorkspaceMemberships v) {
      workspaceMemberships = v;
      return this;
    }

    public Builder workspaceMetastores(WorkspaceMetastores v) {
      workspaceMetastores = v;
      return this;
    }

    public Builder storageCredentials(StorageCredentials v) {
      storageCredentials = v;
      return this;
    }

    public Builder externalLocations(ExternalLocations v) {
      externalLocations = v;
      return this;
    }

    /** Deleting connectors (offboarding; without the three deletion ports, no offboarding). */
    public Builder accessConnectorDeletions(AccessConnectorDeletions v) {
      accessConnectorDeletions = v;
      return this;
    }

    /** Reading and deleting role assignments (offboarding). */
    public Builder roleAssignmentDeletions(RoleAssignmentDeletions v) {
      roleAssignmentDeletions = v;
      return this;
    }

    /** Deleting a workspace's own Unity Catalog objects (offboarding). */
    public Builder catalogDeletions(CatalogDeletions v) {
      catalogDeletions = v;
      return this;
    }

    public Builder messages(StepMessages v) {
      messages = v;
      return this;
    }

    public Builder deadLetters(DeadLetterQueues v) {
      deadLetters = v;
      return this;
    }

    public Builder ledger(OnboardingLedger v) {
      ledger = v;
      return this;
    }

    public Builder policy(OnboardingPolicy v) {
      policy = v;
      return this;
    }

    /** Where outcome events go; default {@link EventTopic#NONE} (nowhere). */
    public Builder eventTopic(EventTopic v) {
      eventTopic = v;
      return this;
    }

    /** Reads Event Grid deliveries into resource events. */
    public Builder resourceEvents(ResourceEvents v) {
      resourceEvents = v;
      return this;
    }

    public Builder clock(Clock v) {
      clock = v;
      return this;
    }

    public Builder random(RandomGenerator v) {
      random = v;
      return this;
    }

    public Builder ids(Supplier<String> v) {
      ids = v;
      return this;
    }

    /**
     * The onboarding steps on these ports and this policy, in order, as the step worker runs them
     * (policy by tags and the connector attachment included): {@code lakewire plan} runs them on
     * ports that capture writes.
     */
    private SharedConnectorRoles sharedRoles;

    public List<OnboardingStep> steps() {
      requireStepPorts();
      Objects.requireNonNull(policy, "policy");
      if (sharedRoles == null) {
        // once per builder (so once per process): whatever step instance the policy scoping
        // builds for a message shares it
        sharedRoles = new SharedConnectorRoles(accessConnectors, roleAssignments, clock);
      }
      SharedConnectorRoles shared = sharedRoles;
      return List.of(
          new CreateAccessConnector(workspaces, accessConnectors, policy, clock),
          // policy by tags (and the optional connector attachment) scope steps 2 and 3
          new PolicyScoped(
              Step.ASSIGN_STORAGE_ROLES,
              policy,
              workspaces,
              true,
              false,
              p ->
                  new AssignStorageRoles(
                      accessConnectors, storageAccounts, roleAssignments, p, clock, shared)),
          new PolicyScoped(
              Step.BIND_METASTORE,
              policy,
              workspaces,
              false,
              true,
              p ->
                  new BindMetastore(
                          workspaces,
                          metastoreAssignments,
                          workspaceMemberships,
                          workspaceMetastores,
                          storageCredentials,
                          externalLocations,
                          accessConnectors,
                          storageAccounts,
                          roleAssignments,
                          p,
                          clock)
                      .sharing(shared)));
    }

    /** Fails naming the first port the onboarding steps need that was not set. */
    private void requireStepPorts() {
      Objects.requireNonNull(workspaces, "workspaces");
      Objects.requireNonNull(accessConnectors, "accessConnectors");
      Objects.requireNonNull(storageAccounts, "storageAccounts");
      Objects.requireNonNull(roleAssignments, "roleAssignments");
      Objects.requireNonNull(metastoreAssignments, "metastoreAssignments");
      Objects.requireNonNull(workspaceMemberships, "workspaceMemberships");
      Objects.requireNonNull(workspaceMetastores, "workspaceMetastores");
      Objects.requireNonNull(storageCredentials, "storageCredentials");
      Objects.requireNonNull(externalLocations, "externalLocations");
    }

    public Onboarding build() {
      requireStepPorts();
      Objects.requireNonNull(messages, "messages");
      Objects.requireNonNull(deadLetters, "deadLetters");
      Objects.requireNonNull(ledger, "ledger");
      Objects.requireNonNull(policy, "policy");
      Objects.requireNonNull(eventTopic, "eventTopic");
      Objects.requireNonNull(resourceEvents, "resourceEvents");
      Ledger transitions = new Ledger(ledger, clock);
      OutcomeEvents outcomes = new OutcomeEvents(eventTopic, transitions, policy, clock);
      OnboardingStarter starter = new OnboardingStarter(policy, messages, transitions);
      List<OnboardingStep> steps = new ArrayList<>();
      if (accessConnectorDeletions != null
          || roleAssignmentDeletions != null
          || catalogDeletions != null) {
        Objects.requireNonNull(accessConnectorDeletions, "accessConnectorDeletions");
        Objects.requireNonNull(roleAssignmentDeletions, "roleAssignmentDeletions");
        Objects.requireNonNull(catalogDeletions, "catalogDeletions");
        steps.add(new RemoveStorageRoles(accessConnectors, roleAssignmentDeletions, policy));
        steps.add(new RemoveCatalogObjects(workspaces, catalogDeletions, policy));
        steps.add(
            new RemoveAccessConnector(
                accessConnectors, accessConnectorDeletions, roleAssignmentDeletions, policy));
      }
      StepWorker worker =
          new StepWorker(
              concat(steps, steps().toArray(OnboardingStep[]::new)),
              messages,
              transitions,
              clock,
              random,
              policy.maxRechecks(),
              policy::refusal,
              outcomes);
      return new Onboarding(
          new WorkspaceEvents(resourceEvents, starter),
          starter,
          new Kickoff(starter, ids),
          worker,
          new Reprocessor(starter, ledger, ids),
          new DeadLetterReplay(deadLetters, starter),
          new StatusQuery(ledger),
          policy,
          new Sweep(workspaces, ledger, starter, policy, clock, ids));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The onboarding steps, then {@code more} (the offboarding steps when wired). */
  private static List<OnboardingStep> concat(
      List<OnboardingStep> more, OnboardingStep... onboarding) {
    List<OnboardingStep> all = new ArrayList<>(List.of(onboarding));
    all.addAll(more);
    return all;
  }
}
