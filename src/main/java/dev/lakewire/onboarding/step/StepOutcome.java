package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.policy.TagPolicy;
import java.time.Duration;
import java.util.Objects;

/** What a step's reconciliation concluded. */
public sealed interface StepOutcome {

  /** The step's desired state holds: go on to the next step. */
  static StepOutcome advance(String summary) {
    return new Advance(summary);
  }

  /** Not there yet (the cloud is still working): run this step again after {@code delay}. */
  static StepOutcome recheckAfter(Duration delay, String reason) {
    return new RecheckAfter(delay, reason, null);
  }

  /** Cannot succeed without an operator: stop, record the reason, dead-letter. */
  static StepOutcome fail(String reason) {
    return new Fail(reason);
  }

  /**
   * The message was stale (the ledger's record of its workspace is past it, or its run is over):
   * nothing was done, nothing sent. Only the step worker concludes this; steps never return it.
   */
  static StepOutcome superseded(String reason) {
    return new Superseded(reason);
  }

  /**
   * Advance, recording in the ledger whether the workspace's storage access was verified against
   * the storage itself.
   */
  static StepOutcome advance(String summary, boolean accessVerified) {
    return new Advance(summary, null, Duration.ZERO, accessVerified);
  }

  /** The desired state holds; the next step starts after {@code after}, knowing {@code carried}. */
  static StepOutcome advance(String summary, StepMessage.Carried carried, Duration after) {
    return new Advance(summary, carried, after, null);
  }

  /**
   * Advance, with what the step did.
   *
   * @param carried what the next steps may use without reading it again (null: what the message
   *     carried)
   * @param after when the next step should first look (zero: at once)
   * @param accessVerified whether storage access was verified; null when the step does not know
   */
  record Advance(
      String summary, StepMessage.Carried carried, Duration after, Boolean accessVerified)
      implements StepOutcome {
    public Advance {
      after = after == null ? Duration.ZERO : after;
      if (after.isNegative()) {
        throw new IllegalArgumentException("after must not be negative: " + after);
      }
    }

    public Advance(String summary) {
      this(summary, null, Duration.ZERO, null);
    }
  }

  /** Not there yet; re-check after {@code delay} knowing {@code carried}. */
  static StepOutcome recheckAfter(Duration delay, String reason, StepMessage.Carried carried) {
    return new RecheckAfter(delay, reason, carried);
  }

  /**
   * Re-check after exactly {@code delay}, without the worker's jitter: for a wait whose end is
   * known (the expected end of RBAC propagation after a grant whose time is known), which the
   * spread of the grants already spreads.
   */
  static StepOutcome recheckExactlyAfter(
      Duration delay, String reason, StepMessage.Carried carried) {
    return new RecheckAfter(delay, reason, carried, true);
  }

  /**
   * Re-check later.
   *
   * @param exact whether the worker schedules it at exactly {@code delay} (no jitter)
   * @param carried what the re-check may use without reading it again (null: what the message
   *     carried)
   */
  record RecheckAfter(Duration delay, String reason, StepMessage.Carried carried, boolean exact)
      implements StepOutcome {
    public RecheckAfter(Duration delay, String reason) {
      this(delay, reason, null);
    }

    public RecheckAfter(Duration delay, String reason, StepMessage.Carried carried) {
      this(delay, reason, carried, false);
    }

    public RecheckAfter {
      Objects.requireNonNull(delay, "delay");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("delay must not be negative: " + delay);
      }
    }
  }

  /** Permanent failure. */
  record Fail(String reason) implements StepOutcome {}

  /**
   * The workspace opted out (policy by tags, {@link TagPolicy#SKIP}): nothing was written, nothing
   * comes next; the ledger records {@code SKIPPED} with the reason, which ends the run.
   */
  static StepOutcome skip(String reason) {
    return new Skipped(reason);
  }

  /** Skipped by policy: the run ends with nothing written. */
  record Skipped(String reason) implements StepOutcome {}

  /** A stale message, completed without effect. */
  record Superseded(String reason) implements StepOutcome {}
}
