package dev.lakewire.function;

import dev.lakewire.app.Lakewire;
import dev.lakewire.onboarding.Onboarding;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every function class shares: the use cases it calls. The Functions host creates a function
 * class with its public no-argument constructor, which takes the process's use cases from {@link
 * Lakewire#onboarding()} (built on first use from the app settings); the local run and the tests
 * give their own.
 */
abstract class LakewireFunction {

  private final Supplier<Onboarding> onboarding;

  /** The host's: the use cases of this process, built on first use. */
  LakewireFunction() {
    this.onboarding = Lakewire::onboarding;
  }

  /** Given use cases (the local run and the tests). */
  LakewireFunction(Onboarding onboarding) {
    Objects.requireNonNull(onboarding, "onboarding");
    this.onboarding = () -> onboarding;
  }

  /** The use cases. */
  final Onboarding onboarding() {
    return onboarding.get();
  }
}
