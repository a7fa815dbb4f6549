package dev.lakewire.app;

import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.worker.Onboarding;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The composition root the Functions host reaches: builds the use cases once per worker process
 * from the app settings (read once, {@link LakewireSettings}), with the Azure and Databricks
 * adapters.
 */
public final class Lakewire {

  private static volatile Onboarding instance;
  private static Supplier<Onboarding> factory = () -> fromEnvironment(System.getenv());

  private Lakewire() {}

  /**
   * The use cases on the settings in {@code environment}, read once ({@link LakewireSettings}).
   *
   * @throws IllegalStateException naming the setting that is missing or wrong: the app is
   *     misconfigured (not an {@link InvalidInputException}, which an HTTP function would answer as
   *     the caller's 400)
   */
  static Onboarding fromEnvironment(Map<String, String> environment) {
    try {
      return AzureWiring.fromSettings(LakewireSettings.from(environment));
    } catch (InvalidInputException e) {
      throw new IllegalStateException("lakewire is misconfigured: " + e.getMessage(), e);
    }
  }

  /** The use cases of this process, built on first use. */
  public static Onboarding onboarding() {
    Onboarding o = instance;
    if (o == null) {
      synchronized (Lakewire.class) {
        o = instance;
        if (o == null) {
          o = factory.get();
          instance = o;
        }
      }
    }
    return o;
  }
}
