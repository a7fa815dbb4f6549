package dev.lakewire.app;

import dev.lakewire.onboarding.worker.Onboarding;
import java.util.function.Supplier;

/**
 * The composition root the Functions host reaches: builds the use cases once per worker process
 * from app settings, with the Azure and Databricks adapters.
 */
public final class Lakewire {

  private static volatile Onboarding instance;
  private static Supplier<Onboarding> factory = () -> AzureWiring.fromSettings(System.getenv());

  private Lakewire() {}

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
