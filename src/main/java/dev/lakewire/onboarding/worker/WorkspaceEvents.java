package dev.lakewire.onboarding.worker;

import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import dev.lakewire.onboarding.message.CorrelationIds;
import dev.lakewire.onboarding.message.Facts;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.worker.EventDecision.Decision;
import dev.lakewire.ports.ResourceEvent;
import dev.lakewire.ports.ResourceEvents;
import dev.lakewire.ports.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decides about Event Grid deliveries (Event Grid schema or CloudEvents 1.0, one event or an array,
 * read by the {@link ResourceEvents} port with the Event Grid SDK) and starts onboarding for each
 * {@code Microsoft.Resources.ResourceWriteSuccess} of a {@code
 * Microsoft.Databricks/workspaces/write}, offboarding for each {@code
 * Microsoft.Resources.ResourceDeleteSuccess} of a {@code Microsoft.Databricks/workspaces/delete}.
 * Everything else is ignored or rejected with a reason.
 */
public final class WorkspaceEvents {

  // The events Event Grid's filter lets through (infra/facts.json "workspaceEvents", Facts).
  public static final String WRITE_SUCCESS = Facts.get().onboarding().eventType();
  public static final String WORKSPACE_WRITE = Facts.get().onboarding().operationName();

  /** A resource was deleted (offboarding, when it is a workspace). */
  public static final String DELETE_SUCCESS = Facts.get().offboarding().eventType();

  public static final String WORKSPACE_DELETE = Facts.get().offboarding().operationName();

  /** Event Grid delivers at most 5,000 events per batch; more is not Event Grid. */
  public static final int MAX_EVENTS = ResourceEvents.MAX_EVENTS;

  /** Event Grid caps a delivery at 1 MB (64 KB an event); refuse bodies well past that. */
  public static final int MAX_BODY_CHARS = 1_048_576;

  private final ResourceEvents reader;
  private final OnboardingStarter starter;

  WorkspaceEvents(ResourceEvents reader, OnboardingStarter starter) {
    this.reader = reader;
    this.starter = starter;
  }

  /**
   * Decides about each event of a delivery and queues the accepted ones.
   *
   * @throws InvalidInputException when the body is not JSON or not an event/array of events; in
   *     that case nothing was queued
   */
  public List<EventDecision> receive(String body) {
    List<ResourceEvent> events = parse(body);
    List<EventDecision> out = new ArrayList<>(events.size());
    for (ResourceEvent e : events) {
      out.add(decide(e));
    }
    return out;
  }

  /**
   * {@link #receive(String)}, logging each decision ({@code WARNING} when rejected, else {@code
   * INFO}) and a delivery rejected as a whole ({@code SEVERE}), each on one line ({@link LogText}).
   *
   * @throws InvalidInputException as {@link #receive(String)} does
   */
  public List<EventDecision> receive(String body, Logger log) {
    List<EventDecision> decisions;
    try {
      decisions = receive(body);
    } catch (InvalidInputException e) {
      log.severe(LogText.line("delivery rejected: " + e.getMessage()));
      throw e;
    }
    for (EventDecision d : decisions) {
      Level level = d.decision() == Decision.REJECTED ? Level.WARNING : Level.INFO;
      log.log(
          level,
          () ->
              LogText.line(
                  "event " + LogText.clean(d.eventId()) + " " + d.decision() + ": " + d.reason()));
    }
    return decisions;
  }

  private List<ResourceEvent> parse(String body) {
    if (body == null || body.isBlank()) {
      throw new InvalidInputException("body", "is empty");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new InvalidInputException(
          "body", "is " + body.length() + " characters; Event Grid sends at most 1 MB");
    }
    try {
      return reader.read(body);
    } catch (ResourceEvents.UnreadableDelivery e) {
      throw new InvalidInputException("body", e.getMessage());
    }
  }

  private EventDecision decide(ResourceEvent e) {
    // the event id is echoed into decisions and logs: control characters escaped, length capped
    String rawId = e.id();
    String id = rawId == null ? null : LogText.clean(rawId);
    if (e.problem() != null) {
      return new EventDecision(id, Decision.REJECTED, LogText.clean(e.problem()), null);
    }
    String type = e.type();
    boolean delete = DELETE_SUCCESS.equalsIgnoreCase(type);
    if (!WRITE_SUCCESS.equalsIgnoreCase(type) && !delete) {
      return new EventDecision(
          id,
          Decision.IGNORED,
          "event type "
              + LogText.clean(type)
              + " is not "
              + WRITE_SUCCESS
              + " or "
              + DELETE_SUCCESS,
          null);
    }
    String wantedOperation = delete ? WORKSPACE_DELETE : WORKSPACE_WRITE;
    if (e.dataProblem() != null || e.data() == null) {
      return new EventDecision(
          id,
          Decision.REJECTED,
          e.dataProblem() == null ? "event has no data object" : LogText.clean(e.dataProblem()),
          null);
    }
    String operation = e.data().operationName();
    if (operation == null) {
      return new EventDecision(id, Decision.REJECTED, "data.operationName is missing", null);
    }
    if (!wantedOperation.equalsIgnoreCase(operation)) {
      return new EventDecision(
          id,
          Decision.IGNORED,
          "operation " + LogText.clean(operation) + " is not " + wantedOperation,
          null);
    }
    String uri = e.data().resourceUri();
    if (uri == null) {
      uri = e.subject();
    }
    if (uri == null) {
      return new EventDecision(
          id, Decision.REJECTED, "neither data.resourceUri nor subject is present", null);
    }
    WorkspaceRef ws;
    try {
      ws = WorkspaceRef.parse("data.resourceUri", uri);
    } catch (InvalidInputException bad) {
      return new EventDecision(id, notAWorkspace(uri), bad.getMessage(), null);
    }
    Optional<String> refusal = starter.refusal(ws);
    if (refusal.isPresent()) {
      return new EventDecision(id, Decision.IGNORED, refusal.get(), null);
    }
    // capped and cleaned: it goes into the ledger, every MessageId and the logs
    String correlationId = CorrelationIds.normalize(e.data().correlationId());
    if (correlationId == null) {
      correlationId = CorrelationIds.normalize(rawId);
    }
    if (correlationId == null) {
      return new EventDecision(id, Decision.REJECTED, "event id has no usable character", null);
    }
    if (delete) {
      starter.start(ws, Step.Chain.OFFBOARDING.first(), correlationId, "eventgrid");
      return new EventDecision(
          id, Decision.ACCEPTED, "workspace delete: offboarding queued", ws.id());
    }
    if (starter
        .startUnlessOffboarded(ws, Step.CREATE_ACCESS_CONNECTOR, correlationId, "eventgrid")
        .isEmpty()) {
      return new EventDecision(
          id,
          Decision.IGNORED,
          "workspace write after its offboarding started: stale (Event Grid delivers out of"
              + " order); POST /api/onboarding re-onboards a re-created workspace",
          null);
    }
    return new EventDecision(id, Decision.ACCEPTED, "workspace write: onboarding queued", ws.id());
  }

  /** A well-formed id of another type (a deployment, a sub-resource) is ignored; junk rejected. */
  private static Decision notAWorkspace(String uri) {
    try {
      ResourceId id = ResourceId.fromString(uri);
      boolean clean =
          uri.chars().noneMatch(c -> c < 0x20 || c == '?' || c == '#' || c == '%')
              && !uri.contains("/../")
              && !uri.contains("//");
      boolean otherType = !WorkspaceRef.TYPE.equalsIgnoreCase(id.fullResourceType());
      return clean && otherType ? Decision.IGNORED : Decision.REJECTED;
    } catch (RuntimeException e) {
      return Decision.REJECTED;
    }
  }
}
