package dev.lakewire.app;

import dev.lakewire.azure.Credentials;
import dev.lakewire.onboarding.message.Facts;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every app setting the production code reads, in one place, so that the infrastructure test can
 * check that the Function App defines each of them (or relies on its documented default).
 *
 * <p>The policy settings ({@code LAKEWIRE_STORAGE_TARGETS} …) are defined by {@link
 * OnboardingPolicy} and the queue settings by {@link Queues}; they are listed here too.
 */
public final class Settings {

  /**
   * Which credential lakewire uses: {@code managed-identity} (default: the Function App's managed
   * identity, user-assigned when {@link #AZURE_CLIENT_ID} is set) or {@code default} ({@code
   * DefaultAzureCredential}: Azure CLI, environment, …, for running locally against real Azure).
   */
  public static final String CREDENTIAL = Credentials.CREDENTIAL;

  /**
   * The client id of the user-assigned managed identity lakewire runs as; blank or absent for the
   * system-assigned identity. The name is the one azure-identity itself reads.
   */
  public static final String AZURE_CLIENT_ID = Credentials.AZURE_CLIENT_ID;

  /**
   * The Azure Resource Manager endpoint, default {@value #ARM_ENDPOINT_DEFAULT}; a sovereign cloud
   * or the local cloud in tests. A trailing {@code /} is removed (ARM clients would send {@code
   * //subscriptions}).
   */
  public static final String ARM_ENDPOINT = "LAKEWIRE_ARM_ENDPOINT";

  /** The default of {@link #ARM_ENDPOINT}. */
  public static final String ARM_ENDPOINT_DEFAULT = "https://management.azure.com";

  /**
   * The Databricks account id (a UUID, shown in the account console), required: lakewire assigns
   * metastores and joins workspaces through the account API as an account admin.
   */
  public static final String DATABRICKS_ACCOUNT_ID = "LAKEWIRE_DATABRICKS_ACCOUNT_ID";

  /**
   * The Databricks account console host, default {@value #DATABRICKS_ACCOUNTS_HOST_DEFAULT}; a
   * sovereign cloud's, or the local cloud in tests.
   */
  public static final String DATABRICKS_ACCOUNTS_HOST = "LAKEWIRE_DATABRICKS_ACCOUNTS_HOST";

  /** The default of {@link #DATABRICKS_ACCOUNTS_HOST}. */
  public static final String DATABRICKS_ACCOUNTS_HOST_DEFAULT =
      "https://accounts.azuredatabricks.net";

  /** The Entra tenant id ARM clients are bound to; optional (the credential's tenant otherwise). */
  public static final String AZURE_TENANT_ID = "AZURE_TENANT_ID";

  /** The Service Bus namespace, e.g. {@code sb-lakewire.servicebus.windows.net} (sender side). */
  public static final String SERVICE_BUS_NAMESPACE = Queues.NAMESPACE_SETTING;

  /**
   * The queue where messages of permanently failed steps are parked (then dead-lettered into its
   * {@code $DeadLetterQueue}); default {@link #PARKED_QUEUE_DEFAULT}. No function listens to it.
   */
  public static final String PARKED_QUEUE = "LAKEWIRE_QUEUE_PARKED";

  /** The default of {@link #PARKED_QUEUE}. */
  public static final String PARKED_QUEUE_DEFAULT = Facts.get().queue(PARKED_QUEUE);

  /** The ledger table name, default {@link #LEDGER_TABLE_DEFAULT}. */
  public static final String LEDGER_TABLE = "LAKEWIRE_LEDGER_TABLE";

  /** The default of {@link #LEDGER_TABLE}. */
  public static final String LEDGER_TABLE_DEFAULT = Facts.get().ledgerTable();

  /**
   * The Table service endpoint of the ledger; default {@code
   * https://<AzureWebJobsStorage__accountName>.table.core.windows.net}.
   */
  public static final String LEDGER_ENDPOINT = "LAKEWIRE_LEDGER_ENDPOINT";

  /**
   * The Functions host storage account name (identity-based connection); lakewire derives the
   * default ledger endpoint from it.
   */
  public static final String HOST_STORAGE_ACCOUNT = "AzureWebJobsStorage__accountName";

  /**
   * The NCRONTAB schedule of the {@code repairDrift} timer function, read by the Functions host
   * through the binding expression {@code %LAKEWIRE_DRIFT_SCHEDULE%}; infra sets it (daily).
   */
  public static final String DRIFT_SCHEDULE = "LAKEWIRE_DRIFT_SCHEDULE";

  /**
   * The endpoint of lakewire's Event Grid custom topic ({@code https://<topic>.<region>-1
   * .eventgrid.azure.net/api/events}), where the outcome events go (CloudEvents 1.0, managed
   * identity); blank or absent: nothing is published (logged once).
   */
  public static final String EVENTS_TOPIC_ENDPOINT = "LAKEWIRE_EVENTS_TOPIC_ENDPOINT";

  /** The settings the adapters and the composition root read (not the policy or the queues). */
  public static final List<String> ADAPTER_SETTINGS =
      List.of(
          CREDENTIAL,
          AZURE_CLIENT_ID,
          AZURE_TENANT_ID,
          ARM_ENDPOINT,
          DATABRICKS_ACCOUNT_ID,
          DATABRICKS_ACCOUNTS_HOST,
          SERVICE_BUS_NAMESPACE,
          PARKED_QUEUE,
          LEDGER_TABLE,
          LEDGER_ENDPOINT,
          HOST_STORAGE_ACCOUNT,
          EVENTS_TOPIC_ENDPOINT);

  /** Every setting the production code reads: adapters, queues and policy. */
  public static final List<String> SETTINGS = all();

  private Settings() {}

  private static List<String> all() {
    List<String> out = new ArrayList<>(ADAPTER_SETTINGS);
    out.add(Queues.CREATE_ACCESS_CONNECTOR_SETTING);
    out.add(Queues.ASSIGN_STORAGE_ROLES_SETTING);
    out.add(Queues.BIND_METASTORE_SETTING);
    out.add(Queues.REPROCESS_SETTING);
    out.add(Queues.REMOVE_STORAGE_ROLES_SETTING);
    out.add(Queues.REMOVE_CATALOG_OBJECTS_SETTING);
    out.add(Queues.REMOVE_ACCESS_CONNECTOR_SETTING);
    out.addAll(OnboardingPolicy.SETTINGS);
    out.add(DRIFT_SCHEDULE);
    return List.copyOf(out);
  }

  /** The trimmed value of a setting, or {@code fallback} when it is absent or blank. */
  static String get(Map<String, String> settings, String name, String fallback) {
    String v = settings.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }
}
