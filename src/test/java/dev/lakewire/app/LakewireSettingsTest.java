package dev.lakewire.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.azure.Credentials;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.SettingValues;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.testing.TestWorld;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The settings are read once, with one rule: blank is absent (the default, or an error naming the
 * setting when it is required), and a bad value is an error naming the setting and the value.
 */
class LakewireSettingsTest {

  private static final String ACCOUNT = "0a1b2c3d-0000-4000-8000-00000000abcd";

  /** The least a Function App must set, besides the Service Bus namespace and the ledger. */
  private static Map<String, String> minimal() {
    Map<String, String> s = new HashMap<>(TestWorld.defaultSettings());
    s.put(Settings.DATABRICKS_ACCOUNT_ID, ACCOUNT);
    return s;
  }

  private static Map<String, String> with(String name, String value) {
    return with(Map.of(name, value));
  }

  private static Map<String, String> with(Map<String, String> values) {
    Map<String, String> s = minimal();
    s.putAll(values);
    return s;
  }

  @Test
  void unsetSettingsTakeTheirDocumentedDefaults() {
    LakewireSettings s = LakewireSettings.from(minimal());

    assertThat(s.credential()).isEqualTo(Credentials.Kind.MANAGED_IDENTITY);
    assertThat(s.armEndpoint()).isEqualTo(URI.create(Settings.ARM_ENDPOINT_DEFAULT));
    assertThat(s.databricksAccountsHost())
        .isEqualTo(URI.create(Settings.DATABRICKS_ACCOUNTS_HOST_DEFAULT));
    assertThat(s.databricksAccountId()).isEqualTo(UUID.fromString(ACCOUNT));
    assertThat(s.parkedQueue()).isEqualTo(Settings.PARKED_QUEUE_DEFAULT);
    assertThat(s.ledgerTable()).isEqualTo(Settings.LEDGER_TABLE_DEFAULT);
    assertThat(s.queues()).containsEntry(Step.BIND_METASTORE, Queues.BIND_METASTORE_DEFAULT);
    assertThat(s.reprocessQueue()).isEqualTo(Queues.REPROCESS_DEFAULT);
    assertThat(s.azureClientId()).isEmpty();
    assertThat(s.eventsTopic()).isEmpty();
    assertThat(s.policy().maxRechecks()).isEqualTo(40);
    assertThat(s.policy().attachConnector()).isFalse();
  }

  @Test
  void aBlankValueIsTheSameAsAnAbsentOneForEverySetting() {
    Map<String, String> blank = minimal();
    for (String name : Settings.SETTINGS) {
      blank.putIfAbsent(name, "  ");
    }

    assertThat(LakewireSettings.from(blank)).isEqualTo(LakewireSettings.from(minimal()));
  }

  @Test
  void blankOptionalSettingsMeanTheirDefaultNotAnError() {
    LakewireSettings s =
        LakewireSettings.from(
            with(
                Map.of(
                    OnboardingPolicy.STORAGE_ROLES, " ",
                    OnboardingPolicy.MAX_RECHECKS, "",
                    Settings.EVENTS_TOPIC_ENDPOINT, "",
                    Settings.ARM_ENDPOINT, "\t")));

    assertThat(s.policy().roles()).hasSize(1);
    assertThat(s.policy().maxRechecks()).isEqualTo(40);
    assertThat(s.eventsTopic()).isEmpty();
    assertThat(s.armEndpoint()).isEqualTo(URI.create(Settings.ARM_ENDPOINT_DEFAULT));
  }

  @Test
  void aBlankRequiredSettingIsAnErrorNamingIt() {
    assertThatThrownBy(() -> LakewireSettings.from(with(Settings.DATABRICKS_ACCOUNT_ID, " ")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(Settings.DATABRICKS_ACCOUNT_ID + ": is required");
    assertThatThrownBy(() -> LakewireSettings.from(with(OnboardingPolicy.METASTORES, "")))
        .hasMessage(OnboardingPolicy.METASTORES + ": is required");
  }

  @Test
  void requiredWhereUsedSettingsNameThemselvesWhenMissing() {
    LakewireSettings s = LakewireSettings.from(with(Settings.SERVICE_BUS_NAMESPACE, " "));

    assertThatThrownBy(s::requireServiceBusNamespace)
        .hasMessageStartingWith(Queues.NAMESPACE_SETTING + ": is required");
    assertThatThrownBy(s::requireLedgerEndpoint)
        .hasMessageContaining(Settings.LEDGER_ENDPOINT)
        .hasMessageContaining(Settings.HOST_STORAGE_ACCOUNT);
  }

  @Test
  void theLedgerLivesInTheHostStorageAccountUnlessAnEndpointIsSet() {
    assertThat(
            LakewireSettings.from(with(Settings.HOST_STORAGE_ACCOUNT, "stfunc"))
                .requireLedgerEndpoint())
        .isEqualTo(URI.create("https://stfunc.table.core.windows.net"));
    Map<String, String> both = with(Settings.HOST_STORAGE_ACCOUNT, "stfunc");
    both.put(Settings.LEDGER_ENDPOINT, "https://other.table.core.windows.net/");
    assertThat(LakewireSettings.from(both).requireLedgerEndpoint())
        .isEqualTo(URI.create("https://other.table.core.windows.net"));
  }

  @Test
  void aBadValueIsAnErrorNamingTheSettingAndTheValue() {
    Map<String, String> bad =
        Map.of(
            Settings.DATABRICKS_ACCOUNT_ID, "my-account",
            Settings.DATABRICKS_ACCOUNTS_HOST, "http://accounts.example",
            Settings.ARM_ENDPOINT, "management.azure.com",
            Settings.AZURE_CLIENT_ID, "app",
            Settings.CREDENTIAL, "cli",
            Settings.HOST_STORAGE_ACCOUNT, "St_Func",
            Settings.EVENTS_TOPIC_ENDPOINT, "topic",
            OnboardingPolicy.MAX_RECHECKS, "-1",
            OnboardingPolicy.ATTACH_CONNECTOR, "yes",
            OnboardingPolicy.LOCATION_LAYOUT, "mine");
    bad.forEach(
        (name, value) ->
            assertThatThrownBy(() -> LakewireSettings.from(with(name, value)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith(name + ": '" + value + "' "));
  }

  @Test
  void typedValuesAreParsedOnceAtTheEdge() {
    Map<String, String> s = minimal();
    s.put(Settings.CREDENTIAL, " Default ");
    s.put(Settings.AZURE_CLIENT_ID, "11111111-2222-4333-8444-555555555555");
    s.put(Settings.ARM_ENDPOINT, "https://127.0.0.1:8443/");
    s.put(Settings.EVENTS_TOPIC_ENDPOINT, "https://t.westeurope-1.eventgrid.azure.net/x");
    s.put(Queues.BIND_METASTORE_SETTING, " bind-x ");

    LakewireSettings read = LakewireSettings.from(s);

    assertThat(read.credential()).isEqualTo(Credentials.Kind.DEFAULT);
    assertThat(read.azureClientId())
        .contains(UUID.fromString("11111111-2222-4333-8444-555555555555"));
    assertThat(read.armEndpoint()).isEqualTo(URI.create("https://127.0.0.1:8443"));
    assertThat(read.eventsTopic()).isPresent();
    assertThat(read.queues()).containsEntry(Step.BIND_METASTORE, "bind-x");
  }

  @Test
  void everySettingReadIsListedAndEveryListedSettingIsRead() {
    Map<String, String> all = minimal();
    all.put(Settings.SERVICE_BUS_NAMESPACE, "sb.servicebus.windows.net");
    all.put(Settings.HOST_STORAGE_ACCOUNT, "stfunc");
    SettingValues reader = SettingValues.of(all);

    LakewireSettings.from(reader);

    // the drift schedule is read by the Functions host (%LAKEWIRE_DRIFT_SCHEDULE%), not by Java
    assertThat(reader.names())
        .containsExactlyInAnyOrderElementsOf(
            Settings.SETTINGS.stream().filter(n -> !n.equals(Settings.DRIFT_SCHEDULE)).toList());
    assertThat(Settings.SETTINGS)
        .doesNotHaveDuplicates()
        .contains(Settings.DRIFT_SCHEDULE, Queues.REPROCESS_SETTING, Queues.NAMESPACE_SETTING)
        .containsAll(OnboardingPolicy.SETTINGS);
  }
}
