package dev.lakewire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.testing.TestWorld;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureWiringTest {

  private static LakewireSettings settings(Map<String, String> extra) {
    Map<String, String> s = new HashMap<>(TestWorld.defaultSettings());
    s.put(Settings.DATABRICKS_ACCOUNT_ID, "0a1b2c3d-0000-4000-8000-00000000abcd");
    s.putAll(extra);
    return LakewireSettings.from(s);
  }

  @Test
  void queuesAreNamedByStepFromTheQueueSettings() {
    assertThat(
            AzureWiring.queueByStep(
                settings(Map.of(Queues.BIND_METASTORE_SETTING, "bind-x")).queues()))
        .containsEntry("BIND_METASTORE", "bind-x")
        .containsEntry("CREATE_ACCESS_CONNECTOR", Queues.CREATE_ACCESS_CONNECTOR_DEFAULT)
        .containsEntry("ASSIGN_STORAGE_ROLES", Queues.ASSIGN_STORAGE_ROLES_DEFAULT)
        .hasSize(Step.values().length);
  }

  @Test
  void theEndpointsAreTheSettingsOnes() {
    assertThat(AzureWiring.Endpoints.fromSettings(settings(Map.of())).arm())
        .isEqualTo("https://management.azure.com");
    assertThat(
            AzureWiring.Endpoints.fromSettings(
                    settings(Map.of(Settings.ARM_ENDPOINT, "https://127.0.0.1:8443")))
                .arm())
        .isEqualTo("https://127.0.0.1:8443");
  }

  @Test
  void theDatabricksAccountHostDefaultsToAzuresAccountConsoleAndLakewireToItsClientId() {
    AzureWiring.Endpoints e =
        AzureWiring.Endpoints.fromSettings(
            settings(Map.of(Settings.AZURE_CLIENT_ID, "11111111-2222-4333-8444-555555555555")));

    assertThat(e.databricksAccountsHost()).isEqualTo("https://accounts.azuredatabricks.net");
    assertThat(e.databricksAccountId()).isEqualTo("0a1b2c3d-0000-4000-8000-00000000abcd");
    assertThat(e.applicationId()).isEqualTo("11111111-2222-4333-8444-555555555555");
    // the SDK takes this host for an account host (DatabricksConfig.isAccountClient)
    assertThat(
            new com.databricks.sdk.core.DatabricksConfig()
                .setHost(e.databricksAccountsHost())
                .isAccountClient())
        .isTrue();
  }

  @Test
  void aMissingServiceBusNamespaceIsNamed() {
    LakewireSettings s =
        settings(
            Map.of(
                OnboardingPolicy.LOCATION_LAYOUT, "per-workspace",
                Settings.HOST_STORAGE_ACCOUNT, "stfunc"));

    assertThatThrownBy(() -> AzureWiring.fromSettings(s))
        .hasMessageContaining(Queues.NAMESPACE_SETTING);
  }

  @Test
  void theFunctionAppCallsAWrongSettingAMisconfigurationNotBadInput() {
    assertThatThrownBy(() -> Lakewire.fromEnvironment(Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("misconfigured")
        .hasMessageContaining(Settings.DATABRICKS_ACCOUNT_ID);
  }
}
