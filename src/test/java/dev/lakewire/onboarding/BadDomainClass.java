package dev.lakewire.onboarding;

import dev.lakewire.local.ManualClock;

/** Test-only: a domain class breaking the layering, to prove the rules catch it. */
public final class BadDomainClass {
  ManualClock clock = ManualClock.atEpochOfDemo();
}
