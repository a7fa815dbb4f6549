package dev.lakewire.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.local.LocalFunctionHost;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.Counts;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.EventDecision;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The demo's {@code --offboard N}: once onboarding has settled, the first N workspaces are deleted
 * through ARM, the local cloud's Event Grid system topic emits their {@code ResourceDeleteSuccess}
 * (as Azure does), each delivery goes to {@code onWorkspaceEvent}, and the offboarding chain runs;
 * the report counts what it removed.
 */
final class DemoOffboarding {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoOffboarding() {}

  /**
   * Deletes the first {@code n} workspaces and runs the offboarding to the end.
   *
   * @param decisions where the delete events' decisions are added
   * @param timeline prints a line about a workspace on the timeline
   * @return the report's {@code offboarding} object: the workspaces deleted and what was removed
   */
  static ObjectNode run(
      int n,
      Collection<String> workspaceIds,
      LocalCloud cloud,
      LocalFunctionHost host,
      InMemoryServiceBus bus,
      ManualClock clock,
      Duration maxCloudTime,
      int concurrency,
      List<EventDecision> decisions,
      BiConsumer<String, String> timeline) {
    ObjectNode report = JSON.createObjectNode();
    Counts before = cloud.counts();
    List<String> deleted = new ArrayList<>();
    for (String id : workspaceIds) {
      if (deleted.size() == n) {
        break;
      }
      if (cloud.deleteWorkspace(id)) {
        deleted.add(id);
        timeline.accept(id, "workspace deleted (ARM DELETE): Event Grid reports it");
      }
    }
    for (String delivery : cloud.takeSystemTopicEvents()) {
      try {
        decisions.addAll(host.deliverEvent(delivery));
      } catch (InvalidInputException e) {
        decisions.add(
            new EventDecision(null, EventDecision.Decision.REJECTED, e.getMessage(), null));
      }
    }
    bus.runUntilIdle(clock, maxCloudTime, concurrency);
    Counts after = cloud.counts();
    report
        .putArray("workspaces")
        .addAll(deleted.stream().map(JSON.getNodeFactory()::textNode).toList());
    ObjectNode removed = report.putObject("removed");
    removed.put("accessConnectors", before.accessConnectors() - after.accessConnectors());
    removed.put("roleAssignments", before.roleAssignments() - after.roleAssignments());
    removed.put("storageCredentials", before.storageCredentials() - after.storageCredentials());
    removed.put("externalLocations", before.externalLocations() - after.externalLocations());
    // not lakewire's doing: a workspace's metastore assignment goes with the workspace
    report.put(
        "metastoreAssignmentsGoneWithTheWorkspaces",
        before.metastoreAssignments() - after.metastoreAssignments());
    return report;
  }

  /** The report's line under the final table. */
  static void print(PrintStream out, ObjectNode report, OnboardingPolicy policy) {
    ObjectNode r = (ObjectNode) report.get("removed");
    out.printf(
        "offboarded: %d workspace(s) deleted; lakewire removed %d access connectors, %d role"
            + " assignments, %d storage credentials, %d external locations (%s); %d metastore"
            + " assignments went with the workspaces%n",
        report.get("workspaces").size(),
        r.get("accessConnectors").asInt(),
        r.get("roleAssignments").asInt(),
        r.get("storageCredentials").asInt(),
        r.get("externalLocations").asInt(),
        policy.wiring().removesCatalogObjects()
            ? "catalog objects removed where reachable"
            : "catalog objects kept: "
                + OnboardingPolicy.LOCATION_LAYOUT
                + "="
                + policy
                    .wiring()
                    .layout()
                    .name()
                    .toLowerCase(java.util.Locale.ROOT)
                    .replace('_', '-')
                + ", "
                + OnboardingPolicy.OFFBOARD_CATALOG_OBJECTS
                + "="
                + policy.wiring().offboardCatalog().name().toLowerCase(java.util.Locale.ROOT),
        report.get("metastoreAssignmentsGoneWithTheWorkspaces").asInt());
  }
}
