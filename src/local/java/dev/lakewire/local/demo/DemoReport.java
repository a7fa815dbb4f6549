package dev.lakewire.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.Counts;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.RequestStats;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.worker.EventDecision;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import java.io.PrintStream;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The demo's JSON report and final table. */
final class DemoReport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode json;
  private final boolean allAcceptedCompleted;
  private final List<ObjectNode> rows;

  private DemoReport(ObjectNode json, boolean allAcceptedCompleted, List<ObjectNode> rows) {
    this.json = json;
    this.allAcceptedCompleted = allAcceptedCompleted;
    this.rows = rows;
  }

  static DemoReport of(
      List<EventDecision> decisions,
      Collection<String> workspaceIds,
      OnboardingLedger ledger,
      LocalCloud cloud,
      InMemoryServiceBus bus,
      long wallMillis,
      Clock clock,
      int concurrency) {
    ObjectNode root = JSON.createObjectNode();
    root.put("concurrency", concurrency);
    ArrayNode events = root.putArray("events");
    for (EventDecision d : decisions) {
      ObjectNode e = events.addObject();
      e.put("id", d.eventId());
      e.put("decision", d.decision().name());
      e.put("reason", d.reason());
      e.put("workspace", d.workspace());
    }
    ArrayNode workspaces = root.putArray("workspaces");
    boolean allDone = true;
    List<ObjectNode> rows = new java.util.ArrayList<>();
    for (String id : workspaceIds) {
      Optional<OnboardingRecord> r = ledger.find(id);
      ObjectNode w = workspaces.addObject();
      w.put("workspace", r.map(OnboardingRecord::workspaceResourceId).orElse(id));
      String status =
          r.map(
                  x ->
                      switch (x.status()) {
                        case COMPLETED -> "COMPLETED";
                        case FAILED -> "FAILED";
                        case OFFBOARDED -> "OFFBOARDED";
                        case SKIPPED -> "SKIPPED";
                        default -> "IN_PROGRESS";
                      })
              .orElse("SKIPPED");
      w.put("status", status);
      // "steps": the onboarding chain's; "offboardingSteps" only for a workspace that was (or is
      // being) offboarded, so an onboarded workspace's report lists no steps that never ran
      addSteps(w.putArray("steps"), r, Step.Chain.ONBOARDING);
      if (r.isPresent() && Step.valueOf(r.get().step()).offboarding()) {
        addSteps(w.putArray("offboardingSteps"), r, Step.Chain.OFFBOARDING);
      }
      // What step 3 bound, as the cloud holds it: the workspace's metastore and its storage
      // credential there (none yet while the step has not created it).
      ObjectNode bound = w.putObject("bound");
      Optional<String> metastore = cloud.assignedMetastore(id);
      bound.put("metastoreId", metastore.orElse(null));
      String credential =
          dev.lakewire.onboarding.message.Names.storageCredential(
              dev.lakewire.onboarding.message.WorkspaceRef.parse("workspace", id));
      bound.put(
          "storageCredential",
          metastore
              .filter(
                  ms ->
                      cloud.storageCredentials(ms).stream()
                          .anyMatch(n -> n.equalsIgnoreCase(credential)))
              .map(ms -> credential)
              .orElse(null));
      w.put("lastError", r.map(OnboardingRecord::lastError).orElse(null));
      w.put("accessVerified", r.map(OnboardingRecord::accessVerified).orElse(null));
      if (r.isPresent()) {
        OnboardingRecord x = r.get();
        ObjectNode l = w.putObject("ledger");
        l.put("status", x.status().name());
        l.put("step", x.step());
        l.put("run", x.run());
        l.put("generation", x.generation());
        l.put("attempts", x.attempts());
        l.put("correlationId", x.correlationId());
      } else {
        w.putNull("ledger");
      }
      if (r.isPresent()
          && r.get().status() != Status.COMPLETED
          && r.get().status() != Status.OFFBOARDED
          && r.get().status() != Status.SKIPPED) {
        allDone = false;
      }
      rows.add(w);
    }
    Counts counts = cloud.counts();
    RequestStats stats = cloud.stats();
    ObjectNode c = root.putObject("cloud");
    // Per workspace; the shared connector infra provisions apart.
    int sharedConnectors =
        cloud.accessConnectorPrincipal(Demo.SHARED_CONNECTOR).isPresent() ? 1 : 0;
    c.put("accessConnectors", counts.accessConnectors() - sharedConnectors);
    c.put("sharedAccessConnectors", sharedConnectors);
    c.put("roleAssignments", counts.roleAssignments());
    c.put("metastoreAssignments", counts.metastoreAssignments());
    // Per workspace; the shared credentials (one per metastore, on the shared connector) apart.
    int shared = cloud.storageCredentialsOn(Demo.SHARED_CONNECTOR);
    c.put("storageCredentials", counts.storageCredentials() - shared);
    c.put("sharedStorageCredentials", shared);
    c.put("externalLocations", counts.externalLocations());
    ObjectNode req = c.putObject("requests");
    req.put("armReads", stats.armReads());
    req.put("armWrites", stats.armWrites());
    req.put("throttled", stats.throttled());
    req.put("databricks", stats.databricks());
    req.put("tokens", stats.tokens());
    req.put("faultsInjected", stats.faultsInjected());
    InMemoryServiceBus.Stats bs = bus.stats();
    ObjectNode m = root.putObject("messages");
    m.put("sent", bs.sent());
    m.put("scheduled", bs.scheduled());
    m.put("duplicatesDropped", bs.duplicatesDropped());
    m.put("redelivered", bs.redelivered());
    m.put("deadLettered", bs.deadLettered());
    m.put("delivered", bs.delivered());
    m.put("lockLost", bs.lockLost());
    m.put("maxConcurrent", bs.maxConcurrent());
    root.put("wallMillis", wallMillis);
    root.put("cloudTime", clock.instant().toString());
    return new DemoReport(root, allDone, rows);
  }

  private static void addSteps(ArrayNode steps, Optional<OnboardingRecord> r, Step.Chain chain) {
    for (Step s : chain.steps()) {
      ObjectNode step = steps.addObject();
      step.put("step", s.name());
      step.put("status", stepStatus(r, s));
      step.put("attempts", r.map(x -> x.stepAttempts().getOrDefault(s.name(), 0)).orElse(0));
    }
  }

  private static String stepStatus(Optional<OnboardingRecord> r, Step s) {
    if (r.isEmpty()) {
      return "SKIPPED";
    }
    OnboardingRecord x = r.get();
    if (x.status() == Status.SKIPPED) {
      return "SKIPPED";
    }
    Step current = Step.valueOf(x.step());
    if (s.chain() != current.chain()) {
      // an offboarded workspace's onboarding steps were undone; an onboarded one's offboarding
      // steps never ran
      return s.offboarding() ? "NOT_RUN" : "UNDONE";
    }
    if (x.status() == Status.COMPLETED || x.status() == Status.OFFBOARDED) {
      return "COMPLETED";
    }
    if (s.position() < current.position()) {
      return "COMPLETED";
    }
    if (s.position() > current.position()) {
      return "PENDING";
    }
    return x.status().name();
  }

  ObjectNode json() {
    return json;
  }

  boolean allAcceptedCompleted() {
    return allAcceptedCompleted;
  }

  void printTable(PrintStream out, Function<String, String> shortName) {
    out.println();
    // The step columns count attempts (deliveries of that step's messages, re-checks included);
    // the "cloud:" line below counts objects.
    out.printf(
        "%-20s %-11s %-11s %-11s %-11s %-38s %-20s %s%n",
        "workspace",
        "status",
        "connector",
        "roles",
        "bind",
        "bound metastore",
        "storage credential",
        "last error");
    out.printf(
        "%-20s %-11s %-11s %-11s %-11s %-38s %-20s%n",
        "", "", "(attempts)", "(attempts)", "(attempts)", "", "");
    for (ObjectNode w : rows) {
      ArrayNode steps = (ArrayNode) w.get("steps");
      out.printf(
          "%-20s %-11s %-11s %-11s %-11s %-38s %-20s %s%n",
          shortName.apply(w.get("workspace").asText()),
          w.get("status").asText(),
          cell(steps.get(0)),
          cell(steps.get(1)),
          cell(steps.get(2)),
          orDash(w.at("/bound/metastoreId")),
          orDash(w.at("/bound/storageCredential")),
          w.get("lastError").isNull() ? "" : w.get("lastError").asText());
    }
    ObjectNode c = (ObjectNode) json.get("cloud");
    ObjectNode r = (ObjectNode) c.get("requests");
    ObjectNode m = (ObjectNode) json.get("messages");
    out.printf(
        "%ncloud (objects): %d connectors, %d role assignments, %d metastore assignments, %d storage"
            + " credentials (+%d shared), %d external locations%n",
        c.get("accessConnectors").asInt(),
        c.get("roleAssignments").asInt(),
        c.get("metastoreAssignments").asInt(),
        c.get("storageCredentials").asInt(),
        c.get("sharedStorageCredentials").asInt(),
        c.get("externalLocations").asInt());
    out.printf(
        "requests: %d ARM reads, %d ARM writes, %d throttled (429), %d Databricks, %d faults"
            + " injected%n",
        r.get("armReads").asLong(),
        r.get("armWrites").asLong(),
        r.get("throttled").asLong(),
        r.get("databricks").asLong(),
        r.get("faultsInjected").asLong());
    out.printf(
        "messages: %d sent, %d scheduled re-checks, %d duplicates dropped, %d redelivered, %d"
            + " dead-lettered; concurrency %d (at most %d at once); wall %d ms, cloud time %s%n",
        m.get("sent").asLong(),
        m.get("scheduled").asLong(),
        m.get("duplicatesDropped").asLong(),
        m.get("redelivered").asLong(),
        m.get("deadLettered").asLong(),
        json.get("concurrency").asInt(),
        m.get("maxConcurrent").asInt(),
        json.get("wallMillis").asLong(),
        json.get("cloudTime").asText());
  }

  private static String orDash(com.fasterxml.jackson.databind.JsonNode n) {
    return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
  }

  private static String cell(com.fasterxml.jackson.databind.JsonNode step) {
    String s = step.get("status").asText();
    String shortS =
        switch (s) {
          case "COMPLETED" -> "ok";
          case "PENDING", "SKIPPED", "NOT_RUN" -> "-";
          case "UNDONE" -> "removed";
          default -> s.toLowerCase(java.util.Locale.ROOT);
        };
    int attempts = step.get("attempts").asInt();
    return shortS.equals("-") || shortS.equals("removed")
        ? shortS
        : shortS + " " + attempts + (attempts == 1 ? " try" : " tries");
  }
}
