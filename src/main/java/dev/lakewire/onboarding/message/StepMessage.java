package dev.lakewire.onboarding.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StepMessages.QueuedStep;
import dev.lakewire.ports.Workspace;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The body of a step queue message (JSON).
 *
 * @param workspace the workspace (parsed once, where the message is read or first built; on the
 *     queue it is the {@code workspaceResourceId} field)
 * @param step the step to run
 * @param correlationId the event's correlation id, or the HTTP tracking id
 * @param attempt 1-based try number of this step in this run (grows with each re-check)
 * @param generation +1 per scheduled re-check; part of the MessageId
 * @param requestedBy {@code eventgrid}, {@code http}, {@code reprocess} or {@code local}
 * @param run the run of the workspace this message belongs to (the ledger numbers runs; 0 in
 *     messages sent before runs were numbered); a message of an earlier run than the ledger's is
 *     stale and changes nothing
 * @param throttled how many of the {@code generation} re-checks were for a 429 (ARM or Databricks
 *     asking to wait): they do not count against the give-up budget ({@link #rechecks()})
 * @param carried what an earlier step learned about the workspace, so that a later one need not
 *     read it again ({@link Carried#NONE} when nothing: the step reads it)
 */
public record StepMessage(
    WorkspaceRef workspace,
    Step step,
    String correlationId,
    int attempt,
    int generation,
    String requestedBy,
    int run,
    int throttled,
    Carried carried) {

  /**
   * The prefix of the workspace tags that carry policy (read by the policy package's TagPolicy).
   */
  public static final String POLICY_TAG_PREFIX = "lakewire:";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The workspace facts step 1 read (issue 11: one GET of the workspace per run, not two). Each may
   * be null; a step uses them only when all are present, else it reads the workspace.
   *
   * @param location the workspace's region
   * @param workspaceUrl its URL ({@code properties.workspaceUrl})
   * @param workspaceId its numeric id ({@code properties.workspaceId})
   * @param newConnector whether step 1 of this run created the access connector (its identity is
   *     new: it needs time to replicate before a role assignment PUT can see it)
   * @param principalId the connector principal step 2 has seen, or null
   * @param policyTags the workspace's {@code lakewire:*} tags as step 1 read them (names as ARM
   *     spelled them; empty: none), which each step resolves against the settings ({@code
   *     TagPolicy}); null when not read (the step reads the workspace)
   * @param connectorAttached whether step 3 has seen the connector attached to the workspace
   *     ({@code LAKEWIRE_ATTACH_CONNECTOR}), so its re-checks need not look again
   * @param connectorCreatedAt when step 1 of this run created the connector, or null (step 2
   *     expects its principal to be assignable {@code provisioning + replication} later)
   * @param rolesGrantedAt when step 2 of this run created the connector's data role assignments, or
   *     null when it created none (step 3 first validates when they are expected on the data plane)
   * @param metastoreAssigned step 3 of this run assigned the metastore and joined the workspace
   *     through the account: its re-check asks the workspace only
   * @param storageWired step 3 of this run created the storage credential and external locations:
   *     its re-check only validates (anything but a propagation failure runs the whole step again)
   */
  @RecordBuilder
  public record Carried(
      String location,
      String workspaceUrl,
      String workspaceId,
      boolean newConnector,
      String principalId,
      Map<String, String> policyTags,
      boolean connectorAttached,
      Instant connectorCreatedAt,
      Instant rolesGrantedAt,
      boolean metastoreAssigned,
      boolean storageWired) {

    public static final Carried NONE = builder().build();

    public Carried {
      policyTags = policyTags == null ? null : Map.copyOf(policyTags);
    }

    /** Facts to be set one by one (none known: {@link #NONE}). */
    public static StepMessageCarriedBuilder builder() {
      return StepMessageCarriedBuilder.builder();
    }

    /** A builder holding these facts: set what changes, then {@code build()}. */
    public StepMessageCarriedBuilder toBuilder() {
      return StepMessageCarriedBuilder.builder(this);
    }

    /** These facts, saying that the connector was created at {@code at}. */
    public Carried withNewConnector(Instant at) {
      return toBuilder().newConnector(true).connectorCreatedAt(at).build();
    }

    /** These facts, saying when the connector's data roles were granted (null: unknown). */
    public Carried withRolesGrantedAt(Instant at) {
      return toBuilder().rolesGrantedAt(at).build();
    }

    /** These facts, with step 3's progress in this run. */
    public Carried withBinding(boolean metastoreAssigned, boolean storageWired) {
      return toBuilder().metastoreAssigned(metastoreAssigned).storageWired(storageWired).build();
    }

    /** From a workspace that was read, with its policy tags. */
    public static Carried of(Workspace ws) {
      return builder()
          .location(ws.location())
          .workspaceUrl(ws.workspaceUrl())
          .workspaceId(ws.workspaceId())
          .policyTags(policyTagsOf(ws.tags()))
          .build();
    }

    /** The {@code lakewire:*} tags among a resource's tags, names lower-cased. */
    public static Map<String, String> policyTagsOf(Map<String, String> tags) {
      Map<String, String> out = new java.util.TreeMap<>();
      if (tags != null) {
        tags.forEach(
            (k, v) -> {
              if (k != null
                  && k.trim().toLowerCase(java.util.Locale.ROOT).startsWith(POLICY_TAG_PREFIX)) {
                // the original spelling is kept so that TagPolicy sees case-only duplicates
                out.put(k, v == null ? "" : v);
              }
            });
      }
      return out;
    }

    /** These facts, saying that the connector is new. */
    public Carried withNewConnector() {
      return withNewConnector(connectorCreatedAt);
    }

    /** These facts, with the connector principal that was seen. */
    public Carried withPrincipal(String principal) {
      return toBuilder().principalId(principal).build();
    }

    /** These facts, saying that the connector is attached to the workspace. */
    public Carried withConnectorAttached() {
      return toBuilder().connectorAttached(true).build();
    }

    /** Whether every fact is present. */
    public boolean complete() {
      return present(location) && present(workspaceUrl) && present(workspaceId);
    }

    /**
     * The workspace as step 1 saw it (Succeeded), for workspace {@code ref}; empty when a fact is
     * missing. The same record the adapters build, so the same checks apply to a carried URL.
     */
    public Optional<Workspace> workspace(WorkspaceRef ref) {
      return complete()
          ? Optional.of(
              new Workspace(
                  ref.id(), ref.name(), location, "Succeeded", workspaceId, workspaceUrl, Map.of()))
          : Optional.empty();
    }

    private static boolean present(String s) {
      return s != null && !s.isBlank();
    }
  }

  public StepMessage {
    carried = carried == null ? Carried.NONE : carried;
    Objects.requireNonNull(workspace, "workspace");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(correlationId, "correlationId");
    Objects.requireNonNull(requestedBy, "requestedBy");
    if (throttled < 0 || throttled > generation) {
      throw new IllegalArgumentException(
          "throttled must be between 0 and generation " + generation + ": " + throttled);
    }
  }

  /** The workspace ARM id (as given: compare with {@link WorkspaceRef#key()}). */
  public String workspaceResourceId() {
    return workspace.id();
  }

  /** This message carrying {@code facts}. */
  public StepMessage carrying(Carried facts) {
    return new StepMessage(
        workspace, step, correlationId, attempt, generation, requestedBy, run, throttled, facts);
  }

  /**
   * The re-checks that count against the give-up budget and drive the back-off: not yet, transient
   * errors; not the throttled ones.
   */
  public int rechecks() {
    return generation - throttled;
  }

  /** The first message of run {@code run}. */
  public static StepMessage first(
      WorkspaceRef workspace, Step step, String correlationId, String requestedBy, int run) {
    return new StepMessage(workspace, step, correlationId, 1, 0, requestedBy, run, 0, Carried.NONE);
  }

  /** This message as the first of another run (a replay): generation 0, a fresh budget. */
  public StepMessage asRun(int newRun, String by) {
    return new StepMessage(workspace, step, correlationId, 1, 0, by, newRun, 0, Carried.NONE);
  }

  /** The message of the next step, same run. */
  public StepMessage advanceTo(Step next) {
    return new StepMessage(workspace, next, correlationId, 1, 0, requestedBy, run, 0, carried);
  }

  /** The same step, one re-check later. */
  public StepMessage recheck() {
    return recheckCountingThrottles(throttled);
  }

  /** The same step, one re-check later because the cloud throttled it (outside the budget). */
  public StepMessage recheckThrottled() {
    return recheckCountingThrottles(throttled + 1);
  }

  /**
   * The same step, one attempt and one generation later, with this count of throttled re-checks.
   */
  private StepMessage recheckCountingThrottles(int throttledRechecks) {
    return new StepMessage(
        workspace,
        step,
        correlationId,
        attempt + 1,
        generation + 1,
        requestedBy,
        run,
        throttledRechecks,
        carried);
  }

  /** The deterministic Service Bus MessageId. */
  public String messageId() {
    return Names.messageId(workspace.id(), step, generation, correlationId, run);
  }

  /** This message as it goes on the queue. */
  public QueuedStep queued() {
    return new QueuedStep(step.name(), messageId(), workspace.id(), correlationId, toJson());
  }

  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("workspaceResourceId", workspace.id());
    n.put("step", step.name());
    n.put("correlationId", correlationId);
    n.put("attempt", attempt);
    n.put("generation", generation);
    n.put("requestedBy", requestedBy);
    n.put("run", run);
    if (throttled > 0) {
      n.put("throttled", throttled);
    }
    if (carried.complete()) {
      ObjectNode w = n.putObject("workspace");
      w.put("location", carried.location());
      w.put("workspaceUrl", carried.workspaceUrl());
      w.put("workspaceId", carried.workspaceId());
    }
    if (carried.newConnector() || carried.principalId() != null) {
      ObjectNode c = n.putObject("connector");
      c.put("new", carried.newConnector());
      if (carried.principalId() != null) {
        c.put("principalId", carried.principalId());
      }
      if (carried.connectorCreatedAt() != null) {
        c.put("createdAt", carried.connectorCreatedAt().toString());
      }
    }
    if (carried.rolesGrantedAt() != null || carried.metastoreAssigned() || carried.storageWired()) {
      ObjectNode b = n.putObject("binding");
      if (carried.rolesGrantedAt() != null) {
        b.put("rolesGrantedAt", carried.rolesGrantedAt().toString());
      }
      b.put("metastoreAssigned", carried.metastoreAssigned());
      b.put("storageWired", carried.storageWired());
    }
    if (carried.connectorAttached()) {
      ObjectNode c =
          n.has("connector") ? (ObjectNode) n.get("connector") : n.putObject("connector");
      c.put("attached", true);
    }
    if (carried.policyTags() != null) {
      ObjectNode t = n.putObject("policyTags");
      carried.policyTags().forEach(t::put);
    }
    return n.toString();
  }

  /**
   * Reads a message body.
   *
   * @throws InvalidInputException naming the field that is missing or wrong
   */
  public static StepMessage fromJson(String body) {
    JsonNode n = JsonBodies.object(body);
    WorkspaceRef ws = WorkspaceRef.parse("workspaceResourceId", text(n, "workspaceResourceId"));
    Step step = Steps.parse("step", text(n, "step"));
    String correlationId = text(n, "correlationId");
    if (correlationId == null || correlationId.isBlank()) {
      throw new InvalidInputException("correlationId", "is required");
    }
    if (!CorrelationIds.isClean(correlationId)) {
      throw new InvalidInputException(
          "correlationId",
          "must be 1-"
              + CorrelationIds.MAX
              + " printable ASCII characters without spaces, was "
              + LogText.clean(correlationId));
    }
    int generation = Math.max(0, n.path("generation").asInt(0));
    return new StepMessage(
        ws,
        step,
        correlationId,
        Math.max(1, n.path("attempt").asInt(1)),
        generation,
        n.path("requestedBy").asText("unknown"),
        Math.max(0, n.path("run").asInt(0)),
        Math.min(generation, Math.max(0, n.path("throttled").asInt(0))),
        Carried.builder()
            .location(text(n.path("workspace"), "location"))
            .workspaceUrl(text(n.path("workspace"), "workspaceUrl"))
            .workspaceId(text(n.path("workspace"), "workspaceId"))
            .newConnector(n.path("connector").path("new").asBoolean(false))
            .principalId(text(n.path("connector"), "principalId"))
            .policyTags(policyTags(n.get("policyTags")))
            .connectorAttached(n.path("connector").path("attached").asBoolean(false))
            .connectorCreatedAt(instant(text(n.path("connector"), "createdAt")))
            .rolesGrantedAt(instant(text(n.path("binding"), "rolesGrantedAt")))
            .metastoreAssigned(n.path("binding").path("metastoreAssigned").asBoolean(false))
            .storageWired(n.path("binding").path("storageWired").asBoolean(false))
            .build());
  }

  /** A carried time; null when absent or unreadable (the step then does without it). */
  private static Instant instant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The carried policy tags (string values only), or null when the message has none. */
  private static Map<String, String> policyTags(JsonNode t) {
    if (t == null || !t.isObject()) {
      return null;
    }
    Map<String, String> out = new java.util.TreeMap<>();
    t.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode()) {
                out.put(e.getKey(), e.getValue().asText());
              }
            });
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || !v.isValueNode() ? null : v.asText();
  }
}
