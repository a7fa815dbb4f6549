package dev.lakewire.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.core.http.HttpClient;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.bus.InMemoryServiceBus;
import dev.lakewire.local.cloud.CloudOptions;
import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A workspace whose ARM {@code workspaceUrl} is not an Azure Databricks host (issue 10 item 3),
 * through the whole chain on the real adapters: step 3 fails naming the URL, and no request — so
 * neither the Databricks nor the ARM token — goes anywhere: the transport records nothing and the
 * local cloud serves no Databricks call.
 */
class HostileWorkspaceUrlTest {

  private static final String SUB = "66666666-6666-6666-6666-666666666666";
  private static final String METASTORE = "66666666-aaaa-4aaa-8aaa-000000000001";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final LocalCloud cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));

  {
    // lakewire is an account admin of the Databricks account (docs/deploy.md, prerequisites)
    cloud.addAccountServicePrincipal(LocalCloud.applicationIdFor(null), true);
  }

  private final List<String> sent = new CopyOnWriteArrayList<>();
  private final InMemoryLedger ledger = new InMemoryLedger();

  @AfterEach
  void stop() {
    cloud.close();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "attacker.example",
        "adb-1.2@attacker.example",
        "x#." + LocalCloud.DATABRICKS_DOMAIN,
        "adb-1.2." + LocalCloud.DATABRICKS_DOMAIN + ".attacker.example",
        "ADB-1.2.DATABRICKS.LOCALCLOUD.TEST",
        "adb-1.2." + LocalCloud.DATABRICKS_DOMAIN + ".",
        "adb-1.2." + LocalCloud.DATABRICKS_DOMAIN + ":8443",
        "127.0.0.1"
      })
  void aHostileWorkspaceUrlFailsTheWorkspaceWithoutAnyDatabricksRequest(String hostile) {
    String storage = cloud.addStorageAccount(SUB, "rg-lake", "stlake", "westeurope", true);
    cloud.addMetastore(METASTORE, "westeurope");
    String ws = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    cloud.setWorkspaceUrl(ws, hostile);
    HttpClient local = cloud.databricksTransport();
    HttpClient recording =
        request -> {
          sent.add(request.getMethod() + " " + request.getUrl());
          return local.execute(request);
        };
    Map<String, String> settings = new HashMap<>(LocalCloud.lakewireSettings());
    settings.putAll(LakewireInfra.seed(cloud, SUB, "westeurope"));
    settings.put(OnboardingPolicy.STORAGE_TARGETS, storage + "=raw");
    settings.put(OnboardingPolicy.METASTORES, "westeurope=" + METASTORE);
    InMemoryServiceBus bus =
        new InMemoryServiceBus(clock, Queues.fromSettings(settings), 10, Duration.ofMinutes(10));
    LocalFunctionHost host =
        LocalFunctionHost.onAdapters(
            cloud.endpoints().withDatabricksTransport(recording), bus, ledger, settings, clock);

    host.deliverEvent(
        EventSamples.delivery(
            List.of(EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e-1", "c-1"))));
    bus.runUntilIdle(clock, Duration.ofHours(1));

    OnboardingRecord r = ledger.find(ws).orElseThrow();
    assertThat(r.status()).isEqualTo(Status.FAILED);
    assertThat(r.step()).isEqualTo("BIND_METASTORE");
    assertThat(r.lastError()).contains("workspaceUrl").contains("no request was sent");
    // The account client reads its host's /.well-known/databricks-config once, when it is built at
    // start-up; nothing else may have gone out, and nothing at all to a workspace host.
    String accountConfig =
        "GET " + cloud.databricksAccountsHost() + "/.well-known/databricks-config";
    assertThat(sent)
        .as("the transport saw no request but the account client's start-up config read")
        .allMatch(accountConfig::equals);
    assertThat(cloud.requests())
        .as("the local cloud served no Databricks call")
        .noneMatch(q -> q.path().startsWith("/api/"))
        .noneMatch(
            q ->
                q.path().startsWith("/.well-known/")
                    && !("accounts." + LocalCloud.DATABRICKS_DOMAIN)
                        .equals(q.headers().get("host")));
    assertThat(cloud.counts().metastoreAssignments()).isZero();
  }
}
