package dev.lakewire.app;

import dev.lakewire.onboarding.Onboarding;
import java.util.Map;

/** Builds the use cases on the Azure and Databricks SDK adapters from app settings. */
public final class AzureWiring {

  private AzureWiring() {}

  /** The use cases wired to Azure, from the app settings. */
  public static Onboarding fromSettings(Map<String, String> settings) {
    throw new UnsupportedOperationException("Azure adapters are not wired yet (issue 3)");
  }
}
