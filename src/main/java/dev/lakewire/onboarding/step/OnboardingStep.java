package dev.lakewire.onboarding.step;

import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;

/**
 * One onboarding step: an idempotent reconciler. It observes the cloud, compares with what the
 * policy wants, writes only the difference and says what should happen next. Running it twice is
 * harmless; the message only says which workspace to look at.
 *
 * <p>Steps may throw {@link dev.lakewire.ports.CloudFailure}s (classified by the worker) or any
 * other exception (transient: the message is redelivered).
 */
public interface OnboardingStep {

  /** Which step this is. */
  Step step();

  /** Reconciles the workspace named in the message. */
  StepOutcome reconcile(StepMessage message);
}
