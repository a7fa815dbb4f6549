package dev.lakewire.local;

import dev.lakewire.app.AzureWiring.ClientRetries;
import dev.lakewire.azure.ArmRetry;
import java.time.Duration;

/** How the SDK clients retry in the local run. */
public final class LocalRetries {

  /**
   * The production retry counts ({@link ClientRetries#PRODUCTION}) without wall-clock back-off: the
   * local cloud runs on a virtual clock, so a real sleep would only slow the run down.
   */
  public static final ClientRetries IMMEDIATE =
      new ClientRetries(
          new ArmRetry(3, Duration.ofMillis(1), Duration.ofMillis(1)), 3, Duration.ZERO);

  private LocalRetries() {}
}
