package dev.lakewire.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.app.Lakewire;
import dev.lakewire.onboarding.worker.Onboarding;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What every function class shares: the use cases it calls. The Functions host creates a function
 * class with its public no-argument constructor (the only one each has), which takes the process's
 * use cases from {@link Lakewire#onboarding()}, built on first use from the app settings; the local
 * run and the tests give their own with {@link #using}.
 */
public abstract class LakewireFunction {

  /** Writes the JSON bodies of the HTTP functions' answers. */
  static final ObjectMapper JSON = new ObjectMapper();

  private volatile Supplier<Onboarding> onboarding = Lakewire::onboarding;

  /** For the function classes: the host's use cases. */
  LakewireFunction() {}

  /**
   * A function class on given use cases (the local run, the tests): {@code
   * LakewireFunction.using(onboarding, StepFunctions::new)}.
   */
  public static <F extends LakewireFunction> F using(Onboarding onboarding, Supplier<F> function) {
    Objects.requireNonNull(onboarding, "onboarding");
    F f = function.get();
    ((LakewireFunction) f).onboarding = () -> onboarding;
    return f;
  }

  /** The use cases. */
  final Onboarding onboarding() {
    return onboarding.get();
  }
}
