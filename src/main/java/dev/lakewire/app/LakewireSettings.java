package dev.lakewire.app;

import dev.lakewire.azure.Credentials;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.SettingValues;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every app setting lakewire reads, read once at the edge ({@link #from}) and typed, as
 * databricks-sdk-java's {@code DatabricksConfig} is: one rule for blank values (blank is absent:
 * the documented default, or an error naming the setting when it is required; see {@link
 * SettingValues}), each value parsed here with an error naming the setting and the value, and no
 * object at all when any setting is wrong. The names are {@link Settings}'s constants; {@link
 * Settings#SETTINGS} lists them all.
 *
 * @param credential which identity lakewire acts as ({@value Settings#CREDENTIAL})
 * @param azureClientId the user-assigned identity's client id ({@value Settings#AZURE_CLIENT_ID})
 * @param tenantId the tenant ARM clients are bound to ({@value Settings#AZURE_TENANT_ID})
 * @param armEndpoint the ARM endpoint ({@value Settings#ARM_ENDPOINT})
 * @param databricksAccountId the Databricks account ({@value Settings#DATABRICKS_ACCOUNT_ID})
 * @param databricksAccountsHost its API host ({@value Settings#DATABRICKS_ACCOUNTS_HOST})
 * @param serviceBusNamespace the Service Bus namespace ({@value Settings#SERVICE_BUS_NAMESPACE});
 *     required by the Function App ({@link #requireServiceBusNamespace()}), not by the CLI
 * @param queues step → queue name (the {@code LAKEWIRE_QUEUE_*} settings of {@link Queues})
 * @param reprocessQueue the reprocess queue ({@value Queues#REPROCESS_SETTING})
 * @param parkedQueue where permanent failures are parked ({@value Settings#PARKED_QUEUE})
 * @param ledgerTable the ledger table ({@value Settings#LEDGER_TABLE})
 * @param ledgerEndpoint its Table endpoint ({@value Settings#LEDGER_ENDPOINT}, else from {@value
 *     Settings#HOST_STORAGE_ACCOUNT}); required where the ledger is used ({@link
 *     #requireLedgerEndpoint()})
 * @param eventsTopic where outcome events go ({@value Settings#EVENTS_TOPIC_ENDPOINT}); empty: none
 * @param policy the onboarding policy ({@link OnboardingPolicy#SETTINGS})
 */
public record LakewireSettings(
    Credentials.Kind credential,
    Optional<UUID> azureClientId,
    Optional<String> tenantId,
    URI armEndpoint,
    UUID databricksAccountId,
    URI databricksAccountsHost,
    Optional<String> serviceBusNamespace,
    Map<Step, String> queues,
    String reprocessQueue,
    String parkedQueue,
    String ledgerTable,
    Optional<URI> ledgerEndpoint,
    Optional<URI> eventsTopic,
    OnboardingPolicy policy) {

  /** A storage account name: 3–24 lower-case letters and digits. */
  private static final Pattern STORAGE_ACCOUNT = Pattern.compile("[a-z0-9]{3,24}");

  public LakewireSettings {
    Objects.requireNonNull(credential, "credential");
    Objects.requireNonNull(armEndpoint, "armEndpoint");
    Objects.requireNonNull(databricksAccountId, "databricksAccountId");
    Objects.requireNonNull(databricksAccountsHost, "databricksAccountsHost");
    Objects.requireNonNull(policy, "policy");
    queues = Map.copyOf(queues);
  }

  /**
   * Reads every setting from {@code environment} (the process environment in the Function App; the
   * environment with {@code local.settings.json}'s values over it in the CLI).
   *
   * @throws InvalidInputException naming the first setting that is missing or wrong, and its value
   */
  public static LakewireSettings from(Map<String, String> environment) {
    return from(SettingValues.of(environment));
  }

  /** {@link #from(Map)} through a reader (a test sees which names it was asked for). */
  static LakewireSettings from(SettingValues s) {
    return new LakewireSettings(
        s.get(
            Settings.CREDENTIAL,
            Credentials.Kind.MANAGED_IDENTITY,
            SettingValues.oneOf(Credentials.Kind.MANAGED_IDENTITY, Credentials.Kind.DEFAULT)),
        s.find(Settings.AZURE_CLIENT_ID, SettingValues::uuid),
        s.find(Settings.AZURE_TENANT_ID),
        s.get(
            Settings.ARM_ENDPOINT, URI.create(Settings.ARM_ENDPOINT_DEFAULT), SettingValues::https),
        s.required(
            Settings.DATABRICKS_ACCOUNT_ID,
            ": lakewire assigns metastores and joins workspaces through the Databricks account API"
                + " (the account id is in the account console)",
            SettingValues::uuid),
        s.get(
            Settings.DATABRICKS_ACCOUNTS_HOST,
            URI.create(Settings.DATABRICKS_ACCOUNTS_HOST_DEFAULT),
            SettingValues::https),
        s.find(Settings.SERVICE_BUS_NAMESPACE),
        Queues.fromSettings(s),
        Queues.reprocessFromSettings(s),
        s.get(Settings.PARKED_QUEUE, Settings.PARKED_QUEUE_DEFAULT),
        s.get(Settings.LEDGER_TABLE, Settings.LEDGER_TABLE_DEFAULT),
        s.find(Settings.LEDGER_ENDPOINT, SettingValues::https)
            .or(() -> s.find(Settings.HOST_STORAGE_ACCOUNT, LakewireSettings::tableEndpoint)),
        s.find(Settings.EVENTS_TOPIC_ENDPOINT, SettingValues::https),
        OnboardingPolicy.fromSettings(s));
  }

  /** {@code https://<account>.table.core.windows.net} of a storage account name. */
  private static URI tableEndpoint(String account) {
    if (!STORAGE_ACCOUNT.matcher(account).matches()) {
      throw new IllegalArgumentException("is not a storage account name (3-24 of a-z 0-9)");
    }
    return URI.create("https://" + account + ".table.core.windows.net");
  }

  /**
   * The Service Bus namespace.
   *
   * @throws InvalidInputException naming {@value Settings#SERVICE_BUS_NAMESPACE} when it is not set
   */
  public String requireServiceBusNamespace() {
    return serviceBusNamespace.orElseThrow(
        () ->
            new InvalidInputException(
                Settings.SERVICE_BUS_NAMESPACE,
                "is required: the namespace the step queues are in (e.g."
                    + " sb-lakewire.servicebus.windows.net)"));
  }

  /**
   * The ledger's Table endpoint.
   *
   * @throws InvalidInputException naming both settings when neither is set
   */
  public URI requireLedgerEndpoint() {
    return ledgerEndpoint.orElseThrow(
        () ->
            new InvalidInputException(
                Settings.LEDGER_ENDPOINT,
                "set it or "
                    + Settings.HOST_STORAGE_ACCOUNT
                    + " so that lakewire can find its ledger table"));
  }
}
