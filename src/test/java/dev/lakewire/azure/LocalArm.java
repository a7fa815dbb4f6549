package dev.lakewire.azure;

import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.lakewire.local.ManualClock;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.local.cloud.LoggedRequest;
import java.time.Duration;
import java.util.List;

/**
 * A local cloud on a manual clock and the production ARM clients pointed at it, authenticated by
 * the real {@code ManagedIdentityCredential} (the build points IDENTITY_ENDPOINT at the cloud).
 */
final class LocalArm implements AutoCloseable {

  static final String SUB = "11111111-1111-1111-1111-111111111111";
  static final String RG = "rg-data";

  final ManualClock clock = ManualClock.atEpochOfDemo();
  final LocalCloud cloud;
  final ArmClients arm;

  LocalArm(CloudOptions options) {
    cloud = LocalCloud.start(options.withClock(clock));
    arm =
        new ArmClients(
            new ManagedIdentityCredentialBuilder().build(),
            cloud.armEndpoint(),
            cloud.tenantId(),
            ArmRetry.DEFAULT,
            clock);
  }

  /** 20 s connector provisioning, 30 s principal replication, throttling on, no faults. */
  LocalArm() {
    this(
        CloudOptions.defaults()
            .withConnectorProvisioning(Duration.ofSeconds(20))
            .withPrincipalReplication(Duration.ofSeconds(30)));
  }

  /** The ARM requests logged so far (token requests left out). */
  List<LoggedRequest> armRequests() {
    return cloud.requests().stream().filter(r -> r.path().startsWith("/subscriptions/")).toList();
  }

  @Override
  public void close() {
    cloud.close();
  }
}
