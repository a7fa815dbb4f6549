package dev.lakewire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AzureWiringTest {

  @Test
  void theLedgerLivesInTheHostStorageAccountUnlessAnEndpointIsSet() {
    assertThat(AzureWiring.ledgerEndpoint(Map.of(Settings.HOST_STORAGE_ACCOUNT, "stfunc")))
        .isEqualTo("https://stfunc.table.core.windows.net");
    assertThat(
            AzureWiring.ledgerEndpoint(
                Map.of(
                    Settings.HOST_STORAGE_ACCOUNT, "stfunc",
                    Settings.LEDGER_ENDPOINT, "https://other.table.core.windows.net")))
        .isEqualTo("https://other.table.core.windows.net");
  }

  @Test
  void withoutALedgerLocationTheErrorNamesBothSettings() {
    assertThatThrownBy(() -> AzureWiring.ledgerEndpoint(Map.of()))
        .hasMessageContaining(Settings.LEDGER_ENDPOINT)
        .hasMessageContaining(Settings.HOST_STORAGE_ACCOUNT);
  }

  @Test
  void queuesAreNamedByStepFromTheQueueSettings() {
    assertThat(AzureWiring.queueByStep(Map.of(Queues.BIND_METASTORE_SETTING, "bind-x")))
        .containsEntry("BIND_METASTORE", "bind-x")
        .containsEntry("CREATE_ACCESS_CONNECTOR", Queues.CREATE_ACCESS_CONNECTOR_DEFAULT)
        .containsEntry("ASSIGN_STORAGE_ROLES", Queues.ASSIGN_STORAGE_ROLES_DEFAULT);
  }

  @Test
  void theArmEndpointDefaultsToThePublicCloud() {
    assertThat(AzureWiring.Endpoints.fromSettings(Map.of()).arm())
        .isEqualTo("https://management.azure.com");
    assertThat(
            AzureWiring.Endpoints.fromSettings(
                    Map.of(Settings.ARM_ENDPOINT, "https://127.0.0.1:8443"))
                .arm())
        .isEqualTo("https://127.0.0.1:8443");
  }

  @Test
  void theDatabricksAccountHostDefaultsToAzuresAccountConsoleAndLakewireToItsClientId() {
    AzureWiring.Endpoints e =
        AzureWiring.Endpoints.fromSettings(
            Map.of(
                Settings.DATABRICKS_ACCOUNT_ID, "0a1b2c3d-0000-4000-8000-00000000abcd",
                Settings.AZURE_CLIENT_ID, "11111111-2222-4333-8444-555555555555"));

    assertThat(e.databricksAccountsHost()).isEqualTo("https://accounts.azuredatabricks.net");
    assertThat(e.checkedAccountId()).isEqualTo("0a1b2c3d-0000-4000-8000-00000000abcd");
    assertThat(e.applicationId()).isEqualTo("11111111-2222-4333-8444-555555555555");
    // the SDK takes this host for an account host (DatabricksConfig.isAccountClient)
    assertThat(
            new com.databricks.sdk.core.DatabricksConfig()
                .setHost(e.databricksAccountsHost())
                .isAccountClient())
        .isTrue();
  }

  @Test
  void aMissingOrMalformedDatabricksAccountIdIsNamed() {
    assertThatThrownBy(() -> AzureWiring.Endpoints.fromSettings(Map.of()).checkedAccountId())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Settings.DATABRICKS_ACCOUNT_ID)
        .hasMessageContaining("required");
    assertThatThrownBy(
            () ->
                AzureWiring.Endpoints.fromSettings(
                        Map.of(Settings.DATABRICKS_ACCOUNT_ID, "my-account"))
                    .checkedAccountId())
        .hasMessageContaining(Settings.DATABRICKS_ACCOUNT_ID)
        .hasMessageContaining("'my-account'");
    assertThatThrownBy(
            () ->
                AzureWiring.Endpoints.fromSettings(
                        Map.of(
                            Settings.DATABRICKS_ACCOUNT_ID,
                            "0a1b2c3d-0000-4000-8000-00000000abcd",
                            Settings.DATABRICKS_ACCOUNTS_HOST,
                            "http://accounts.example"))
                    .checkedAccountId())
        .hasMessageContaining(Settings.DATABRICKS_ACCOUNTS_HOST);
  }

  @Test
  void everySettingIsListedOnceWithThePolicyAndQueueSettings() {
    assertThat(Settings.SETTINGS)
        .doesNotHaveDuplicates()
        .containsAll(Settings.ADAPTER_SETTINGS)
        .containsAll(OnboardingPolicy.SETTINGS)
        .contains(Queues.REPROCESS_SETTING, Queues.NAMESPACE_SETTING, Settings.PARKED_QUEUE);
  }

  @Test
  void aMissingServiceBusNamespaceIsNamed() {
    Map<String, String> settings =
        Map.of(
            OnboardingPolicy.STORAGE_TARGETS,
            "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
                + "Microsoft.Storage/storageAccounts/stlake",
            OnboardingPolicy.METASTORES,
            "westeurope=11111111-2222-3333-4444-555555555555",
            OnboardingPolicy.LOCATION_LAYOUT,
            "per-workspace",
            OnboardingPolicy.IDENTITY_PRINCIPAL_ID,
            "0f0f0f0f-1111-2222-3333-444444444444",
            Settings.HOST_STORAGE_ACCOUNT,
            "stfunc");

    assertThatThrownBy(() -> AzureWiring.fromSettings(settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Queues.NAMESPACE_SETTING);
  }
}
