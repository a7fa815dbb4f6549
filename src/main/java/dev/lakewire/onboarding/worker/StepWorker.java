package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.step.OnboardingStep;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.ports.CloudFailure;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StepMessages;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one step message: reconciles, classifies failures, records the ledger and sends what comes
 * next. This is the one place where failures are classified into outcomes:
 *
 * <ul>
 *   <li>{@link CloudFailure.NotYet} → re-check with the step's back-off
 *   <li>{@link CloudFailure.Throttled} → re-check on the throttle bucket's next free slot at or
 *       after Retry-After ({@link ThrottlePacer}); outside the give-up budget
 *   <li>{@link CloudFailure.Permanent}, {@link InvalidInputException} → fail: ledger, dead-letter
 *   <li>{@link CloudFailure.Transient} (5xx, timeouts, resets) → a re-check with exponential
 *       back-off and jitter, so the message's delivery count is not burned; after {@code
 *       maxRechecks} it fails permanently like any re-check
 *   <li>any other RuntimeException (a programming error: the adapters classify every SDK error) →
 *       the same as transient, as a safety net
 * </ul>
 *
 * <p>A <em>stale</em> message (the ledger's record is past it: a redelivery after a lost lock, an
 * old duplicate, a message of an earlier run; see {@link Ledger}) is completed with no effect,
 * {@link StepOutcome.Superseded}: checked when it starts, and again before anything is sent, parked
 * or recorded, so a delivery that was overtaken while it ran neither moves the record back nor
 * dead-letters a workspace that is past it. The re-check it would have scheduled is left out; the
 * delivery that overtook it sent what comes next. What is left is the short window between that
 * second check and the ledger write (the write itself is version-checked and refused): a follow-up
 * sent in it is behind the record when it arrives, so it is stale in turn; a copy parked in it sits
 * in the dead-letter queue, and replaying it only starts a new run of reconcilers.
 *
 * <p>What is left to Service Bus redelivery (and its dead-lettering after {@code maxDeliveryCount})
 * is what the worker cannot handle itself: a crash or timeout of the function, a failure to send
 * the follow-up message, a body that is not a step message.
 */
public final class StepWorker {

  static final Duration NOT_YET_BASE = Duration.ofSeconds(10);
  static final Duration NOT_YET_CAP = Duration.ofMinutes(2);
  static final Duration TRANSIENT_BASE = Duration.ofSeconds(5);
  static final Duration TRANSIENT_CAP = Duration.ofMinutes(2);

  /** SLF4J, so that its lines carry the message's fields as MDC ({@link StepLogContext}). */
  private static final Logger LOG = LoggerFactory.getLogger(StepWorker.class);

  /** The bucket prefix of a throttle that is lakewire's own pacing (azure's ArmQuota). */
  static final String PACED_BUCKET = "paced ";

  private final Map<Step, OnboardingStep> steps = new EnumMap<>(Step.class);
  private final StepMessages messages;
  private final Ledger ledger;
  private final Clock clock;
  private final RandomGenerator random;
  private final int maxRechecks;
  private final ThrottlePacer pacer;
  private final Function<String, Optional<String>> subscriptionRefusal;
  private final OutcomeEvents outcomes;

  /**
   * @param outcomes publishes the outcome event of a run this worker ends (see {@link
   *     OutcomeEvents}); null for none
   */
  StepWorker(
      List<OnboardingStep> steps,
      StepMessages messages,
      Ledger ledger,
      Clock clock,
      RandomGenerator random,
      int maxRechecks,
      Function<String, Optional<String>> subscriptionRefusal,
      OutcomeEvents outcomes) {
    this.outcomes = outcomes;
    for (OnboardingStep s : steps) {
      this.steps.put(s.step(), s);
    }
    // every step of the onboarding chain, and every step of a chain of which one is given (a
    // worker built without the offboarding steps refuses offboarding messages, see handle)
    for (Step s : Step.values()) {
      boolean wanted =
          s.chain() == Step.Chain.ONBOARDING
              || s.chain().steps().stream().anyMatch(this.steps::containsKey);
      if (wanted && !this.steps.containsKey(s)) {
        throw new IllegalArgumentException("no implementation of step " + s);
      }
    }
    this.messages = messages;
    this.ledger = ledger;
    this.clock = clock;
    this.random = random;
    this.maxRechecks = maxRechecks;
    this.pacer = new ThrottlePacer(random);
    this.subscriptionRefusal = subscriptionRefusal;
  }

  /**
   * Handles a message body from the queue of {@code expected}.
   *
   * @return what the step concluded (after classification)
   * @throws InvalidInputException when the body is not a message of that step (redelivered, then
   *     dead-lettered by Service Bus: nothing here can mend it)
   */
  public StepOutcome handle(Step expected, String body) {
    StepMessage m = StepMessage.fromJson(body);
    try (StepLogContext fields = StepLogContext.open(m)) {
      return handle(expected, m);
    }
  }

  private StepOutcome handle(Step expected, StepMessage m) {
    if (m.step() != expected) {
      throw new InvalidInputException(
          "step", "message for " + m.step() + " arrived on the queue of " + expected);
    }
    if (!steps.containsKey(m.step())) {
      throw new InvalidInputException(
          "step", m.step() + " is not wired in this worker (no offboarding ports given)");
    }
    // --- the allow-list, before any step runs (issue 10 item 2) --------------------------------
    // Every step message passes here, whoever sent it (a step, a re-check, a reprocess, a replayed
    // dead letter from before the list was narrowed): outside the list nothing runs and nothing is
    // written to the cloud; the ledger says why and the message is dead-lettered, so it can be
    // replayed once the subscription is allowed.
    Optional<String> refused = refusal(m);
    if (refused.isPresent()) {
      return settle(m, StepOutcome.fail(refused.get()), false);
    }
    // ------------------------------------------------------------------------------------------
    if (!ledger.started(m)) {
      if (outcomes != null) {
        // a copy of the message that ended its run: publish the run's outcome if still owed
        outcomes.redelivered(m);
      }
      return superseded(m, "stale when it arrived");
    }
    StepOutcome outcome;
    boolean throttled = false;
    try {
      outcome = steps.get(m.step()).reconcile(m);
    } catch (CloudFailure.NotYet e) {
      outcome =
          StepOutcome.recheckAfter(
              OnboardingPolicy.backoff(m.rechecks(), NOT_YET_BASE, NOT_YET_CAP), e.getMessage());
    } catch (CloudFailure.Throttled e) {
      String bucket =
          e.bucket() != null ? e.bucket() : "subscription " + m.workspace().subscriptionId();
      // a request lakewire's own pacing held back (not sent) comes with its slot already
      Duration paced =
          bucket.startsWith(PACED_BUCKET)
              ? e.retryAfter()
              : pacer.delay(bucket, e.retryAfter(), m.throttled() > 0, clock.instant());
      outcome = StepOutcome.recheckAfter(paced, "throttled: " + e.getMessage());
      throttled = true;
    } catch (CloudFailure.Permanent | InvalidInputException e) {
      outcome = StepOutcome.fail(e.getMessage());
    } catch (CloudFailure.Transient e) {
      outcome = transientRecheck(m, e.getCause() != null ? e.getCause() : e);
    } catch (RuntimeException e) {
      // Safety net: adapters classify every SDK error into a CloudFailure, so anything else is a
      // programming error (or an unclassified SDK path); it is re-checked like a transient one
      // rather than failing the workspace on a bug, and the give-up budget still bounds it.
      outcome = transientRecheck(m, e);
    }
    if (!throttled && m.throttled() > 0) {
      pacer.pacedMessageWentThrough();
    }
    return settle(m, outcome, throttled);
  }

  private static StepOutcome transientRecheck(StepMessage m, Throwable e) {
    return StepOutcome.recheckAfter(
        OnboardingPolicy.backoff(m.rechecks(), TRANSIENT_BASE, TRANSIENT_CAP), "transient: " + e);
  }

  /**
   * @param throttled whether the outcome is a re-check for a 429: it is paced already (no jitter)
   *     and does not count against the give-up budget
   */
  private StepOutcome settle(StepMessage m, StepOutcome outcome, boolean throttled) {
    if (outcome instanceof StepOutcome.RecheckAfter r
        && !throttled
        && m.rechecks() >= maxRechecks) {
      outcome =
          StepOutcome.fail(
              "gave up after " + maxRechecks + " re-checks of " + m.step() + ": " + r.reason());
    }
    if (!ledger.isCurrent(m)) {
      return superseded(m, "overtaken while it ran (it concluded " + outcome + ")");
    }
    if (outcome instanceof StepOutcome.Advance a) {
      Optional<Step> next = m.step().next();
      next.ifPresent(
          s -> {
            StepMessage n = m.advanceTo(s);
            if (a.carried() != null) {
              n = n.carrying(a.carried());
            }
            if (a.after().isZero()) {
              messages.send(n.queued());
            } else {
              messages.schedule(n.queued(), clock.instant().plus(a.after()));
            }
          });
      if (next.isEmpty() && m.step().offboarding()) {
        // --- the end of an offboarding: the one place OFFBOARDED is recorded ----------------
        if (!ledger.offboarded(m)) {
          return superseded(m, "overtaken after it offboarded");
        }
        // Lakewire.WorkspaceOffboarded is published below (runEnded), like the other outcomes
      } else if (!ledger.advanced(m, next, a.accessVerified())) {
        return superseded(m, "overtaken after it advanced");
      }
      StepLogContext.outcome(
          next.isPresent() ? "ADVANCED" : m.step().offboarding() ? "OFFBOARDED" : "COMPLETED");
      LOG.atInfo().log(
          () ->
              LogText.line(m.step() + " done for " + m.workspaceResourceId() + ": " + a.summary()));
      if (next.isEmpty() && outcomes != null) {
        outcomes.runEnded(m);
      }
    } else if (outcome instanceof StepOutcome.RecheckAfter r) {
      Duration delay = throttled || r.exact() ? r.delay() : withJitter(r.delay());
      StepMessage next = throttled ? m.recheckThrottled() : m.recheck();
      if (r.carried() != null) {
        next = next.carrying(r.carried());
      }
      messages.schedule(next.queued(), clock.instant().plus(delay));
      if (!ledger.waiting(m, r.reason())) {
        return superseded(m, "overtaken after it scheduled a re-check");
      }
      StepLogContext.outcome("WAITING");
      LOG.atInfo().log(
          () ->
              LogText.line(m.step() + " re-check in " + delay + " for " + m.workspaceResourceId()));
    } else if (outcome instanceof StepOutcome.Skipped s) {
      // policy by tags: nothing was written and nothing comes next
      if (!ledger.skipped(m, s.reason())) {
        return superseded(m, "overtaken before it was skipped");
      }
      StepLogContext.outcome("SKIPPED");
      LOG.atInfo().log(() -> LogText.line(m.workspaceResourceId() + " " + s.reason()));
    } else if (outcome instanceof StepOutcome.Fail f) {
      messages.deadLetter(m.queued(), f.reason());
      if (!ledger.failed(m, f.reason())) {
        return superseded(m, "overtaken after it failed");
      }
      StepLogContext.outcome("FAILED");
      LOG.atWarn()
          .log(
              () ->
                  LogText.line(
                      m.step() + " failed for " + m.workspaceResourceId() + ": " + f.reason()));
      if (outcomes != null) {
        outcomes.runEnded(m);
      }
    }
    return outcome;
  }

  private static StepOutcome superseded(StepMessage m, String why) {
    String reason =
        m.step()
            + " generation "
            + m.generation()
            + " of run "
            + m.run()
            + " is stale for "
            + m.workspaceResourceId()
            + ": "
            + why;
    StepLogContext.outcome("STALE");
    LOG.atInfo().log(() -> LogText.line(reason + "; completed with no effect"));
    return StepOutcome.superseded(reason);
  }

  /** Why a message may not run here (its subscription is not allowed), or empty. */
  private Optional<String> refusal(StepMessage m) {
    return subscriptionRefusal
        .apply(m.workspace().subscriptionId())
        .map(
            why ->
                why
                    + "; "
                    + m.step()
                    + " not run, nothing written (requested by "
                    + LogText.clean(m.requestedBy())
                    + ")");
  }

  /** Up to +20 % so that many workspaces waiting on the same thing do not re-check in step. */
  private Duration withJitter(Duration d) {
    long ms = d.toMillis();
    return Duration.ofMillis(ms + (long) (ms * 0.2 * random.nextDouble()));
  }
}
