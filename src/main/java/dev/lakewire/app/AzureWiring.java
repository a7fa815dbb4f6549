package dev.lakewire.app;

import com.azure.core.credential.TokenCredential;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.messaging.servicebus.ServiceBusClientBuilder;
import com.databricks.sdk.AccountClient;
import com.databricks.sdk.core.http.HttpClient;
import dev.lakewire.azure.ArmAccessConnectors;
import dev.lakewire.azure.ArmClients;
import dev.lakewire.azure.ArmRetry;
import dev.lakewire.azure.ArmRoleAssignments;
import dev.lakewire.azure.ArmStorageAccounts;
import dev.lakewire.azure.ArmWorkspaces;
import dev.lakewire.azure.Credentials;
import dev.lakewire.azure.EventGridDeliveries;
import dev.lakewire.azure.EventGridTopic;
import dev.lakewire.azure.ServiceBusDeadLetterQueues;
import dev.lakewire.azure.ServiceBusStepMessages;
import dev.lakewire.azure.TableLedger;
import dev.lakewire.databricks.AccountMetastoreAssignments;
import dev.lakewire.databricks.AccountWorkspaceMemberships;
import dev.lakewire.databricks.UnityCatalogDeletions;
import dev.lakewire.databricks.UnityCatalogExternalLocations;
import dev.lakewire.databricks.UnityCatalogMetastores;
import dev.lakewire.databricks.UnityCatalogStorageCredentials;
import dev.lakewire.databricks.WorkspaceClients;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.Onboarding;
import dev.lakewire.ports.AccessConnectors;
import dev.lakewire.ports.CatalogDeletions;
import dev.lakewire.ports.DeadLetterQueues;
import dev.lakewire.ports.EventTopic;
import dev.lakewire.ports.ExternalLocations;
import dev.lakewire.ports.MetastoreAssignments;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.RoleAssignments;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StepMessages;
import dev.lakewire.ports.StorageAccounts;
import dev.lakewire.ports.StorageCredentials;
import dev.lakewire.ports.WorkspaceMemberships;
import dev.lakewire.ports.WorkspaceMetastores;
import dev.lakewire.ports.Workspaces;
import io.soabase.recordbuilder.core.RecordBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the use cases on the Azure and Databricks SDK adapters: {@link #fromSettings} for the
 * Function App, {@link #forEndpoints} for the local run and the end-to-end tests (the same adapters
 * against the local cloud, with an in-memory bus and ledger).
 */
public final class AzureWiring {

  private AzureWiring() {}

  /**
   * azure-core-http-jdk-httpclient logs a WARNING for every request that carries a header the JDK
   * client sets itself ({@code Content-Length} on every PUT/POST), then drops the header: noise,
   * not a fault. Held here so that java.util.logging keeps the level (it holds loggers weakly).
   */
  private static final Logger JDK_HTTP_CLIENT_LOG = quietJdkHttpClient();

  private static Logger quietJdkHttpClient() {
    Logger log = Logger.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient");
    log.setLevel(Level.SEVERE);
    return log;
  }

  /**
   * Where the clouds are, and who lakewire is in the Databricks account.
   *
   * @param arm the Azure Resource Manager endpoint, e.g. {@code https://management.azure.com}
   * @param tenantId the tenant ARM clients are bound to, or null
   * @param databricksAccountsHost the Databricks account API host, e.g. {@code
   *     https://accounts.azuredatabricks.net}
   * @param databricksAccountId the Databricks account id (a UUID; {@link LakewireSettings} checks
   *     the setting)
   * @param applicationId lakewire's own application (client) id, or null to read it from its token
   * @param databricksTransport the HTTP client Databricks requests (workspace and account) go out
   *     through; null (always, in the Function App) for the SDK's own. The local run passes one
   *     that resolves its local domain to the local cloud; the host check of {@link
   *     WorkspaceClients} runs before it either way.
   * @param eventsTopic the Event Grid topic endpoint outcome events go to; null for none
   */
  public record Endpoints(
      String arm,
      String tenantId,
      String databricksAccountsHost,
      String databricksAccountId,
      String applicationId,
      HttpClient databricksTransport,
      String eventsTopic) {

    /** Endpoints without an events topic. */
    public Endpoints(
        String arm,
        String tenantId,
        String databricksAccountsHost,
        String databricksAccountId,
        String applicationId,
        HttpClient databricksTransport) {
      this(
          arm,
          tenantId,
          databricksAccountsHost,
          databricksAccountId,
          applicationId,
          databricksTransport,
          null);
    }

    /** The same endpoints, publishing outcome events to {@code topic} (null: none). */
    public Endpoints withEventsTopic(String topic) {
      return new Endpoints(
          arm,
          tenantId,
          databricksAccountsHost,
          databricksAccountId,
          applicationId,
          databricksTransport,
          topic);
    }

    public Endpoints {
      Objects.requireNonNull(arm, "arm");
      Objects.requireNonNull(databricksAccountsHost, "databricksAccountsHost");
      Objects.requireNonNull(databricksAccountId, "databricksAccountId");
    }

    /** The same endpoints, sending Databricks requests through {@code transport}. */
    public Endpoints withDatabricksTransport(HttpClient transport) {
      return new Endpoints(
          arm,
          tenantId,
          databricksAccountsHost,
          databricksAccountId,
          applicationId,
          transport,
          eventsTopic);
    }

    /** Where the settings say the clouds are (no Databricks transport of its own). */
    public static Endpoints fromSettings(LakewireSettings settings) {
      return new Endpoints(
          settings.armEndpoint().toString(),
          settings.tenantId().orElse(null),
          settings.databricksAccountsHost().toString(),
          settings.databricksAccountId().toString(),
          settings.azureClientId().map(UUID::toString).orElse(null),
          null,
          settings.eventsTopic().map(URI::toString).orElse(null));
    }
  }

  /**
   * The use cases wired to Azure, from the app settings read once ({@link LakewireSettings}).
   *
   * @throws dev.lakewire.onboarding.message.InvalidInputException naming a required setting that is
   *     not set (the Service Bus namespace, the ledger endpoint)
   */
  public static Onboarding fromSettings(LakewireSettings settings) {
    TokenCredential credential = credential(settings);
    ServiceBusClientBuilder serviceBus =
        ServiceBusStepMessages.client(settings.requireServiceBusNamespace(), credential);
    Map<String, String> queues = queueByStep(settings.queues());
    String parked = settings.parkedQueue();
    return forEndpoints(
        Options.builder()
            .endpoints(Endpoints.fromSettings(settings))
            .credential(credential)
            .queues(new ServiceBusStepMessages(serviceBus, queues, parked))
            .deadLetters(new ServiceBusDeadLetterQueues(serviceBus, queues, parked))
            .ledger(tableLedger(settings, credential))
            .policy(settings.policy())
            .clock(Clock.systemUTC())
            .build());
  }

  /** The credential the settings choose. */
  public static TokenCredential credential(LakewireSettings settings) {
    return Credentials.create(
        settings.credential(), settings.azureClientId().map(UUID::toString).orElse(null));
  }

  /**
   * How the SDK clients retry transient errors (5xx, I/O) themselves before the step's scheduled
   * re-check takes over. They never retry a 429 (see {@link ArmRetry}).
   *
   * @param arm the ARM pipelines' retry policy
   * @param databricksRetries retries of a Databricks request
   * @param databricksBaseDelay first Databricks back-off (doubled each retry); zero for none
   */
  public record ClientRetries(ArmRetry arm, int databricksRetries, Duration databricksBaseDelay) {

    /** Production: {@link ArmRetry#DEFAULT}; Databricks 3 retries from 1 s. */
    public static final ClientRetries PRODUCTION =
        new ClientRetries(ArmRetry.DEFAULT, 3, Duration.ofSeconds(1));
  }

  /**
   * What {@link #forEndpoints} wires the use cases with. Build it with {@link #builder()}.
   *
   * @param endpoints where ARM, Entra ID, Databricks and the events topic are
   * @param credential the identity lakewire calls them as
   * @param queues the step queues
   * @param deadLetters their dead-letter queues
   * @param ledger the onboarding ledger
   * @param policy the onboarding policy
   * @param clock the clock ({@link Clock#systemUTC()} unless set: the local cloud's in tests)
   * @param retries how the SDK clients retry ({@link ClientRetries#PRODUCTION} unless set)
   * @param random the step worker's jitter source (a fresh {@link java.util.Random} unless set: the
   *     demo seeds it, so that the same {@code --seed} gives the same run)
   */
  @RecordBuilder
  public record Options(
      Endpoints endpoints,
      TokenCredential credential,
      StepMessages queues,
      DeadLetterQueues deadLetters,
      OnboardingLedger ledger,
      OnboardingPolicy policy,
      Clock clock,
      ClientRetries retries,
      java.util.random.RandomGenerator random) {

    public Options {
      Objects.requireNonNull(endpoints, "endpoints");
      Objects.requireNonNull(credential, "credential");
      Objects.requireNonNull(queues, "queues");
      Objects.requireNonNull(deadLetters, "deadLetters");
      Objects.requireNonNull(ledger, "ledger");
      Objects.requireNonNull(policy, "policy");
      clock = clock == null ? Clock.systemUTC() : clock;
      retries = retries == null ? ClientRetries.PRODUCTION : retries;
      random = random == null ? new java.util.Random() : random;
    }

    /** Options to be set one by one; {@code build()} names a missing one. */
    public static AzureWiringOptionsBuilder builder() {
      return AzureWiringOptionsBuilder.builder();
    }
  }

  /** The Databricks SDK's clients: workspace-level, the account, lakewire's own application id. */
  private record Databricks(
      WorkspaceClients workspaces, AccountClient account, Supplier<String> applicationId) {

    static Databricks create(
        Endpoints endpoints,
        String accountId,
        TokenCredential credential,
        OnboardingPolicy policy,
        Clock clock,
        ClientRetries retries) {
      WorkspaceClients databricks =
          WorkspaceClients.create(
              credential,
              clock,
              retries.databricksRetries(),
              retries.databricksBaseDelay(),
              policy.databricksDomain(),
              endpoints.databricksTransport());
      AccountClient account =
          databricks.account(endpoints.databricksAccountsHost().replaceAll("/+$", ""), accountId);
      Supplier<String> applicationId =
          endpoints.applicationId() != null
              ? endpoints::applicationId
              : databricks::ownApplicationId;
      return new Databricks(databricks, account, applicationId);
    }
  }

  /** The use cases on the production adapters, wired as {@code o} says. */
  public static Onboarding forEndpoints(Options o) {
    Endpoints endpoints = o.endpoints();
    TokenCredential credential = o.credential();
    OnboardingPolicy policy = o.policy();
    Clock clock = o.clock();
    ClientRetries retries = o.retries();
    Objects.requireNonNull(JDK_HTTP_CLIENT_LOG);
    String accountId = endpoints.databricksAccountId();
    ArmClients arm =
        new ArmClients(credential, endpoints.arm(), endpoints.tenantId(), retries.arm(), clock);
    // the Databricks SDK's clients (its config, HTTP client, account client: about a thousand
    // classes) are built on the first Databricks call, not before step 1, which calls ARM only
    Supplier<Databricks> dbx =
        Lazily.once(
            () -> Databricks.create(endpoints, accountId, credential, policy, clock, retries));
    ArmAccessConnectors accessConnectors = new ArmAccessConnectors(arm);
    ArmRoleAssignments roleAssignments = new ArmRoleAssignments(arm);
    return Onboarding.builder()
        .workspaces(new ArmWorkspaces(arm))
        .accessConnectors(accessConnectors)
        .storageAccounts(new ArmStorageAccounts(arm))
        .roleAssignments(roleAssignments)
        .accessConnectorDeletions(accessConnectors.deletions())
        .roleAssignmentDeletions(roleAssignments.deletions())
        .catalogDeletions(
            Lazily.port(
                CatalogDeletions.class, () -> new UnityCatalogDeletions(dbx.get().workspaces())))
        .metastoreAssignments(
            Lazily.port(
                MetastoreAssignments.class,
                () -> new AccountMetastoreAssignments(dbx.get().account())))
        .workspaceMemberships(
            Lazily.port(
                WorkspaceMemberships.class,
                () ->
                    new AccountWorkspaceMemberships(
                        dbx.get().account(), dbx.get().applicationId())))
        .workspaceMetastores(
            Lazily.port(
                WorkspaceMetastores.class,
                () -> new UnityCatalogMetastores(dbx.get().workspaces())))
        .storageCredentials(
            Lazily.port(
                StorageCredentials.class,
                () -> new UnityCatalogStorageCredentials(dbx.get().workspaces())))
        .externalLocations(
            Lazily.port(
                ExternalLocations.class,
                () -> new UnityCatalogExternalLocations(dbx.get().workspaces())))
        .messages(o.queues())
        .deadLetters(o.deadLetters())
        .ledger(o.ledger())
        .policy(policy)
        .clock(clock)
        .random(o.random())
        .resourceEvents(new EventGridDeliveries())
        .eventTopic(eventTopic(endpoints.eventsTopic(), credential))
        .build();
  }

  private static final java.util.concurrent.atomic.AtomicBoolean TOLD_NO_TOPIC =
      new java.util.concurrent.atomic.AtomicBoolean();

  /** Forgets that the blank topic setting was logged (tests of the once-per-process notice). */
  static void forgetNoTopicNotice() {
    TOLD_NO_TOPIC.set(false);
  }

  /**
   * The outcome events' topic: {@link EventGridTopic} at {@code endpoint} with {@code credential},
   * or {@link EventTopic#NONE} when the endpoint is blank (said once per process).
   */
  static EventTopic eventTopic(String endpoint, TokenCredential credential) {
    if (endpoint == null || endpoint.isBlank()) {
      if (TOLD_NO_TOPIC.compareAndSet(false, true)) {
        Logger.getLogger(AzureWiring.class.getName())
            .info(
                Settings.EVENTS_TOPIC_ENDPOINT
                    + " is not set: outcome events (Lakewire.WorkspaceOnboarded,"
                    + " Lakewire.OnboardingFailed, Lakewire.WorkspaceOffboarded) are not"
                    + " published");
      }
      return EventTopic.NONE;
    }
    String url = endpoint.trim();
    java.net.URI uri = null;
    try {
      uri = java.net.URI.create(url);
    } catch (IllegalArgumentException e) {
      // said below
    }
    if (uri == null || !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          Settings.EVENTS_TOPIC_ENDPOINT
              + ": the Event Grid topic endpoint '"
              + url
              + "' is not an https URL");
    }
    // the publisher is built when the first outcome event goes out, not before the first step
    Supplier<EventGridTopic> topic =
        Lazily.once(() -> new EventGridTopic(EventGridTopic.client(url, credential)));
    return event -> topic.get().publish(event);
  }

  /** Step name → queue name. */
  static Map<String, String> queueByStep(Map<Step, String> queues) {
    Map<String, String> out = new LinkedHashMap<>();
    queues.forEach((step, queue) -> out.put(step.name(), queue));
    return out;
  }

  /**
   * The ledger on Azure Table Storage, where the settings say ({@value Settings#LEDGER_TABLE} at
   * {@link LakewireSettings#requireLedgerEndpoint()}): the Function App's, and what {@code lakewire
   * status} reads against real Azure.
   *
   * @throws dev.lakewire.onboarding.message.InvalidInputException naming the settings when the
   *     endpoint cannot be known
   */
  public static OnboardingLedger tableLedger(
      LakewireSettings settings, TokenCredential credential) {
    TableClient table =
        new TableClientBuilder()
            .endpoint(settings.requireLedgerEndpoint().toString())
            .tableName(settings.ledgerTable())
            .credential(credential)
            .buildClient();
    return new TableLedger(table);
  }

  /**
   * The cloud ports on the production adapters, one of each: what {@link #forEndpoints} wires into
   * the use cases, for callers that wrap them ({@code lakewire plan} records writes instead of
   * sending them).
   */
  public record CloudPorts(
      Workspaces workspaces,
      AccessConnectors accessConnectors,
      StorageAccounts storageAccounts,
      RoleAssignments roleAssignments,
      MetastoreAssignments metastoreAssignments,
      WorkspaceMemberships workspaceMemberships,
      WorkspaceMetastores workspaceMetastores,
      StorageCredentials storageCredentials,
      ExternalLocations externalLocations) {}

  /** The same adapters {@link #forEndpoints(Options)} builds. */
  public static CloudPorts cloudPorts(
      Endpoints endpoints,
      TokenCredential credential,
      OnboardingPolicy policy,
      Clock clock,
      ClientRetries retries) {
    Objects.requireNonNull(JDK_HTTP_CLIENT_LOG);
    String accountId = endpoints.databricksAccountId();
    ArmClients arm =
        new ArmClients(credential, endpoints.arm(), endpoints.tenantId(), retries.arm(), clock);
    Databricks dbx = Databricks.create(endpoints, accountId, credential, policy, clock, retries);
    WorkspaceClients databricks = dbx.workspaces();
    AccountClient account = dbx.account();
    Supplier<String> applicationId = dbx.applicationId();
    return new CloudPorts(
        new ArmWorkspaces(arm),
        new ArmAccessConnectors(arm),
        new ArmStorageAccounts(arm),
        new ArmRoleAssignments(arm),
        new AccountMetastoreAssignments(account),
        new AccountWorkspaceMemberships(account, applicationId),
        new UnityCatalogMetastores(databricks),
        new UnityCatalogStorageCredentials(databricks),
        new UnityCatalogExternalLocations(databricks));
  }
}
