package dev.lakewire.onboarding.message;

import dev.lakewire.onboarding.worker.StepWorker;

/** Test-only: a message class reaching up into the worker, to prove the one-way rules catch it. */
public final class BadMessage {
  StepWorker worker;
}
