package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.Names;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.EventTopic;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.TopicEvent;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The events lakewire publishes to its Event Grid topic ({@link EventTopic}), exactly once per
 * outcome of a run.
 *
 * <p><b>Id.</b> {@link #eventId}: a name-based UUID of (workspace id lower-cased, run, event type).
 * Every publication of one outcome carries the same id, so a subscriber that sees it twice (Event
 * Grid delivers at least once) can tell.
 *
 * <p><b>Who publishes.</b> The ledger is the arbiter, with its version-checked writes:
 *
 * <ol>
 *   <li>The write that ends a run (COMPLETED after the last step, or FAILED) also sets the record's
 *       outbox ({@link OnboardingRecord#pendingEvent()}), claimed by the writer for {@link #CLAIM}.
 *       Of two racing deliveries of the last step only one wins that write (the other finds the run
 *       over and is superseded): only the winner publishes. Publishing comes <em>after</em> the
 *       ledger write: publishing first would let both racers publish, and a crash between publish
 *       and write would publish an outcome the ledger never recorded.
 *   <li>The winner publishes, then clears the outbox.
 *   <li>If the topic refuses (an exception), the claim is released (the event stays owed) and the
 *       exception propagates: Service Bus redelivers the step message. That copy is stale for the
 *       step worker, which hands it here ({@link #redelivered}): being a copy of the message that
 *       ended the run (same run, step and generation as the record), it claims the owed event with
 *       a version-checked write (of racing copies one wins), publishes and clears. So a failed
 *       publish is published later, once.
 *   <li>A publisher that dies between its claim and clearing the outbox (a crash, a host timeout)
 *       leaves a claim that expires after {@link #CLAIM}; the redelivery of its message after the
 *       lock expires publishes then. If it had published before dying, subscribers see the same id
 *       twice: the one duplicate this protocol cannot rule out.
 * </ol>
 *
 * <p>A new run of the workspace started before a failed publish was retried replaces the owed
 * outcome with its own (the record is the new run's): the new run's outcome is published.
 *
 * <p><b>Offboarding.</b> The write that ends an offboarding (OFFBOARDED) owes {@code
 * Lakewire.WorkspaceOffboarded} the same way, published by the same rules.
 */
public final class OutcomeEvents {

  /** A workspace was onboarded: every step done, storage access verified. */
  public static final String ONBOARDED = "Lakewire.WorkspaceOnboarded";

  /** A run failed permanently at a step; an operator must act (the reason says what). */
  public static final String FAILED = "Lakewire.OnboardingFailed";

  /** What lakewire created for a deleted workspace was removed. */
  public static final String OFFBOARDED = "Lakewire.WorkspaceOffboarded";

  /**
   * How long a publisher holds its claim on an owed event before another delivery may take it over:
   * shorter than the step queues' lock duration (PT1M, {@code infra/app/servicebus.bicep}), so the
   * redelivery of a message whose publisher died finds the claim expired; longer than a publish
   * normally takes (one HTTPS POST, the SDK's retries aside), so a duplicate delivery does not
   * publish while the winner is still at it.
   */
  public static final Duration CLAIM = Duration.ofSeconds(30);

  private static final Logger LOG = Logger.getLogger(OutcomeEvents.class.getName());

  private final EventTopic topic;
  private final Ledger ledger;
  private final OnboardingPolicy policy;
  private final Clock clock;

  OutcomeEvents(EventTopic topic, Ledger ledger, OnboardingPolicy policy, Clock clock) {
    this.topic = topic;
    this.ledger = ledger;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * The id of the event of an outcome: a name-based UUID of {@code <workspace id lower-cased>|<run>
   * |<type>}.
   */
  public static String eventId(String workspaceResourceId, int run, String type) {
    return UUID.nameUUIDFromBytes(
            (workspaceResourceId.toLowerCase(Locale.ROOT) + "|" + run + "|" + type)
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * After this delivery's write ended the run of {@code m} (it holds the outbox's claim): publishes
   * the outcome event.
   *
   * @throws RuntimeException when the topic refused it (the claim released, still owed)
   */
  void runEnded(StepMessage m) {
    ledger
        .find(m.workspaceResourceId())
        .filter(r -> r.run() == m.run() && r.pendingEvent() != null)
        .ifPresent(r -> publish(m, r));
  }

  /**
   * A stale delivery of {@code m}: if it is a copy of the message that ended its run and that run's
   * event is still owed and unclaimed, publishes it.
   *
   * @throws RuntimeException when the topic refused it (the claim released, still owed)
   */
  void redelivered(StepMessage m) {
    ledger.claimEvent(m).ifPresent(r -> publish(m, r));
  }

  private void publish(StepMessage m, OnboardingRecord r) {
    try {
      send(event(m, r));
    } catch (RuntimeException e) {
      ledger.eventReleased(r.workspaceResourceId(), r.run());
      throw e;
    }
    ledger.eventPublished(r.workspaceResourceId(), r.run());
  }

  private void send(TopicEvent e) {
    topic.publish(e);
    if (topic.enabled()) {
      LOG.info(() -> LogText.line("published " + e.type() + " " + e.id() + " for " + e.subject()));
    }
  }

  /** The event of the outcome {@code r} records, {@code m} being the message that ended the run. */
  TopicEvent event(StepMessage m, OnboardingRecord r) {
    String ws = r.workspaceResourceId();
    Map<String, Object> data = base(ws, r.run(), r.correlationId());
    String type;
    if (r.status() == OnboardingRecord.Status.COMPLETED) {
      type = ONBOARDED;
      WorkspaceRef ref = WorkspaceRef.parse("workspaceResourceId", ws);
      data.put("accessConnectorId", Names.accessConnectorId(ref, policy.connectorSuffix()));
      putIfKnown(data, "principalId", m.carried().principalId());
      Optional<String> metastore =
          m.carried().location() == null
              ? Optional.empty()
              : policy.metastoreFor(m.carried().location());
      putIfKnown(data, "metastoreId", metastore.orElse(null));
      data.put("storageCredential", Names.storageCredential(ref));
      if (r.accessVerified() != null) {
        data.put("accessVerified", r.accessVerified());
      }
    } else if (r.status() == OnboardingRecord.Status.OFFBOARDED) {
      type = OFFBOARDED;
      WorkspaceRef ref = WorkspaceRef.parse("workspaceResourceId", ws);
      // the connector (with its role assignments) is gone; the ledger and logs say the rest
      data.put("removedAccessConnectorId", Names.accessConnectorId(ref, policy.connectorSuffix()));
    } else {
      type = FAILED;
      data.put("step", r.step());
      data.put("reason", r.lastError());
    }
    return new TopicEvent(eventId(ws, r.run(), type), type, ws, r.lastUpdated(), data);
  }

  private static Map<String, Object> base(String ws, int run, String correlationId) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("workspaceResourceId", ws);
    data.put("run", run);
    putIfKnown(data, "correlationId", correlationId);
    return data;
  }

  private static void putIfKnown(Map<String, Object> data, String key, String value) {
    if (value != null && !value.isBlank()) {
      data.put(key, value);
    }
  }
}
