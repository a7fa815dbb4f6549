package dev.lakewire.onboarding.worker;

/**
 * What lakewire decided about one event of a delivery.
 *
 * @param eventId the event's id (null when it had none)
 * @param decision accepted, ignored or rejected
 * @param reason why, for the log and the report
 * @param workspace the workspace id when accepted, else null
 */
public record EventDecision(String eventId, Decision decision, String reason, String workspace) {

  /** The three possible decisions. */
  public enum Decision {
    /** A new or updated workspace (onboarding queued), or a deleted one (offboarding queued). */
    ACCEPTED,
    /** A valid event lakewire has nothing to do with. */
    IGNORED,
    /** An event that is not valid. */
    REJECTED
  }
}
