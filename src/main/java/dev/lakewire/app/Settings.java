package dev.lakewire.app;

import dev.lakewire.azure.Credentials;
import dev.lakewire.onboarding.message.AppSetting;
import dev.lakewire.onboarding.message.Facts;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.message.SettingValues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import java.util.List;
import java.util.stream.Stream;

/**
 * The names of the app settings the production code reads ({@link #SETTINGS} lists every one, so
 * that the infrastructure test can check that the Function App defines each of them or relies on
 * its documented default). {@link LakewireSettings} reads their values, once.
 *
 * <p>The policy settings ({@code LAKEWIRE_STORAGE_TARGETS} …) are named by {@link OnboardingPolicy}
 * and the queue settings by {@link Queues}.
 */
public final class Settings {

  /**
   * Which credential lakewire uses: {@code managed-identity} (default: the Function App's managed
   * identity, user-assigned when {@link #AZURE_CLIENT_ID} is set) or {@code default} ({@code
   * DefaultAzureCredential}: Azure CLI, environment, …, for running locally against real Azure).
   */
  @AppSetting public static final String CREDENTIAL = Credentials.CREDENTIAL;

  /**
   * The client id of the user-assigned managed identity lakewire runs as; blank or absent for the
   * system-assigned identity. The name is the one azure-identity itself reads.
   */
  @AppSetting public static final String AZURE_CLIENT_ID = Credentials.AZURE_CLIENT_ID;

  /**
   * The Azure Resource Manager endpoint, default {@value #ARM_ENDPOINT_DEFAULT}; a sovereign cloud
   * or the local cloud in tests. A trailing {@code /} is removed (ARM clients would send {@code
   * //subscriptions}).
   */
  @AppSetting public static final String ARM_ENDPOINT = "LAKEWIRE_ARM_ENDPOINT";

  /** The default of {@link #ARM_ENDPOINT}. */
  public static final String ARM_ENDPOINT_DEFAULT = "https://management.azure.com";

  /**
   * The Databricks account id (a UUID, shown in the account console), required: lakewire assigns
   * metastores and joins workspaces through the account API as an account admin.
   */
  @AppSetting public static final String DATABRICKS_ACCOUNT_ID = "LAKEWIRE_DATABRICKS_ACCOUNT_ID";

  /**
   * The Databricks account console host, default {@value #DATABRICKS_ACCOUNTS_HOST_DEFAULT}; a
   * sovereign cloud's, or the local cloud in tests.
   */
  @AppSetting
  public static final String DATABRICKS_ACCOUNTS_HOST = "LAKEWIRE_DATABRICKS_ACCOUNTS_HOST";

  /** The default of {@link #DATABRICKS_ACCOUNTS_HOST}. */
  public static final String DATABRICKS_ACCOUNTS_HOST_DEFAULT =
      "https://accounts.azuredatabricks.net";

  /** The Entra tenant id ARM clients are bound to; optional (the credential's tenant otherwise). */
  @AppSetting public static final String AZURE_TENANT_ID = "AZURE_TENANT_ID";

  /** The Service Bus namespace, e.g. {@code sb-lakewire.servicebus.windows.net} (sender side). */
  public static final String SERVICE_BUS_NAMESPACE = Queues.NAMESPACE_SETTING;

  /**
   * The queue where messages of permanently failed steps are parked (then dead-lettered into its
   * {@code $DeadLetterQueue}); default {@link #PARKED_QUEUE_DEFAULT}. No function listens to it.
   */
  @AppSetting public static final String PARKED_QUEUE = "LAKEWIRE_QUEUE_PARKED";

  /** The default of {@link #PARKED_QUEUE}. */
  public static final String PARKED_QUEUE_DEFAULT = Facts.get().queue(PARKED_QUEUE);

  /** The ledger table name, default {@link #LEDGER_TABLE_DEFAULT}. */
  @AppSetting public static final String LEDGER_TABLE = "LAKEWIRE_LEDGER_TABLE";

  /** The default of {@link #LEDGER_TABLE}. */
  public static final String LEDGER_TABLE_DEFAULT = Facts.get().ledgerTable();

  /**
   * The Table service endpoint of the ledger; default {@code
   * https://<AzureWebJobsStorage__accountName>.table.core.windows.net}.
   */
  @AppSetting public static final String LEDGER_ENDPOINT = "LAKEWIRE_LEDGER_ENDPOINT";

  /**
   * The Functions host storage account name (identity-based connection); lakewire derives the
   * default ledger endpoint from it.
   */
  @AppSetting public static final String HOST_STORAGE_ACCOUNT = "AzureWebJobsStorage__accountName";

  /**
   * The NCRONTAB schedule of the {@code repairDrift} timer function, read by the Functions host
   * through the binding expression {@code %LAKEWIRE_DRIFT_SCHEDULE%}; infra sets it (daily).
   */
  @AppSetting public static final String DRIFT_SCHEDULE = "LAKEWIRE_DRIFT_SCHEDULE";

  /**
   * The endpoint of lakewire's Event Grid custom topic ({@code https://<topic>.<region>-1
   * .eventgrid.azure.net/api/events}), where the outcome events go (CloudEvents 1.0, managed
   * identity); blank or absent: nothing is published (logged once).
   */
  @AppSetting public static final String EVENTS_TOPIC_ENDPOINT = "LAKEWIRE_EVENTS_TOPIC_ENDPOINT";

  /**
   * Every setting the production code reads: the {@link AppSetting} constants of this class and of
   * {@link Queues}, and the policy's ({@link OnboardingPolicy#SETTINGS}). {@link LakewireSettings}
   * reads them.
   */
  public static final List<String> SETTINGS =
      Stream.concat(
              Stream.of(Settings.class, Queues.class)
                  .flatMap(c -> SettingValues.declaredIn(c).stream()),
              OnboardingPolicy.SETTINGS.stream())
          .distinct()
          .toList();

  private Settings() {}
}
