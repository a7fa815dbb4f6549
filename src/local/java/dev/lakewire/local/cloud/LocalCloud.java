package dev.lakewire.local.cloud;

import com.azure.core.credential.TokenCredential;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;

/**
 * A local Azure for tests and the demo: one in-process HTTPS server on 127.0.0.1 that speaks the
 * real ARM and Azure Databricks REST shapes, so that the real SDK clients (azure-resourcemanager,
 * azure-identity's {@code ManagedIdentityCredential}, databricks-sdk-java) run against it
 * unchanged. Also a JVM-wide managed identity token endpoint ({@link #identityEndpoint()}).
 *
 * <p>ARM: workspaces, Access Connectors (provisioned asynchronously), storage accounts, resource
 * groups, role assignments (PrincipalNotFound during a principal's replication window, 409
 * RoleAssignmentExists, 403 when denied), built-in role definitions, provider metadata; per-
 * principal, per-subscription throttling with {@code Retry-After}. Databricks: the Unity Catalog
 * routes of metastore assignment, storage credentials and external locations, and the account API
 * ({@link DatabricksAccount}: service principals, workspace assignments, metastore assignments),
 * with workspace membership, account admins, identity federation, the metastore assignment lag
 * ({@link CloudOptions#metastoreAssignmentLag()}) and token audiences enforced. Faults (5xx,
 * connection resets, throttle storms) are injected per {@link Faults}.
 *
 * <p>Time: every simulated delay runs on {@link CloudOptions#clock()} scaled by {@link
 * CloudOptions#timeScale()}; nothing sleeps on that clock. A 429 carries {@code Retry-After} in
 * whole seconds, the scaled delay rounded up and at least 1, and {@code retry-after-ms} with the
 * exact scaled delay in milliseconds; a request of the same principal that arrives (on the cloud's
 * clock) before the exact scaled delay has passed counts as a {@linkplain #retryAfterViolations()
 * violation}.
 *
 * <p>TLS: one self-signed certificate per JVM. {@link #start} first writes the trust store: to the
 * path of the system property {@code javax.net.ssl.trustStore} when set (as the build sets it for
 * tests), otherwise to a temporary file, setting {@code javax.net.ssl.trustStore}, {@code
 * -Password} ({@code changeit}) and {@code -Type} (PKCS12) itself. Either way it must happen before
 * the JVM's default {@link SSLContext} is first used; {@link #sslContext()} works always.
 */
public final class LocalCloud implements AutoCloseable {

  /** The Azure Databricks application id: the resource (audience) of Databricks tokens. */
  public static final String DATABRICKS_RESOURCE = Tokens.DATABRICKS_RESOURCE;

  /**
   * The DNS suffix of the local cloud's workspace hosts ({@code adb-<id>.<n>.<this>}): what the
   * local run sets {@code LAKEWIRE_DATABRICKS_DOMAIN} to. It is under {@code .test} (RFC 6761), so
   * it never resolves anywhere but through {@link #databricksTransport()}.
   */
  public static final String DATABRICKS_DOMAIN = "databricks.localcloud.test";

  private static final int LOG_CAPACITY = 100_000;
  private static final String WELL_KNOWN = "/.well-known/databricks-config";

  private final CloudOptions options;
  private final Clock clock;
  private final HttpsServer server;
  private final ExecutorService pool;
  private final String endpoint;
  private final Arm arm;
  private final UnityCatalog unityCatalog;
  private final DatabricksAccount account;
  private final Throttle throttle;
  private final FaultInjector faults;
  private final TokenServer.Listener tokenListener;
  private volatile LocalTopic topic;

  private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> violations = new ConcurrentHashMap<>();
  private final Deque<LoggedRequest> log = new ArrayDeque<>();
  private final AtomicLong armReads = new AtomicLong();
  private final AtomicLong armWrites = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();
  private final AtomicLong databricks = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong faultsInjected = new AtomicLong();

  /** Events of the subscription's Event Grid system topic not taken yet (Event Grid schema). */
  private final List<String> systemTopic = new ArrayList<>();

  private LocalCloud(CloudOptions options) throws IOException {
    this.options = options;
    this.clock = options.clock();
    TokenServer.noDelay();
    this.server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(Tls.serverContext()));
    this.endpoint = "https://127.0.0.1:" + server.getAddress().getPort();
    this.arm = new Arm(options, DATABRICKS_DOMAIN);
    this.unityCatalog =
        new UnityCatalog(arm, clock, endpoint, options.scaled(options.metastoreAssignmentLag()));
    this.account = new DatabricksAccount(arm, unityCatalog);
    arm.onWorkspaceDeleted(this::workspaceDeleted);
    this.throttle = new Throttle(options.throttling(), options.timeScale());
    this.faults = new FaultInjector(options.faults());
    this.pool = Executors.newFixedThreadPool(16, daemonThreads("local-cloud"));
    this.tokenListener = this::tokenRequest;
    server.setExecutor(pool);
    server.createContext("/", this::handle);
  }

  /** Starts a cloud on an ephemeral loopback port (and the JVM-wide token endpoint if needed). */
  public static LocalCloud start(CloudOptions options) {
    Tls.trustStore();
    TokenServer tokenServer = TokenServer.get();
    try {
      LocalCloud cloud = new LocalCloud(options);
      tokenServer.addListener(cloud.tokenListener);
      cloud.server.start();
      return cloud;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local cloud", e);
    }
  }

  // ---------------------------------------------------------------- endpoints and trust

  /** The ARM endpoint, {@code https://127.0.0.1:PORT} (no trailing slash). */
  public String armEndpoint() {
    return endpoint;
  }

  /**
   * Where the Databricks routes of every workspace are served, {@code https://127.0.0.1:PORT}: what
   * each workspace host ({@code adb-<id>.<n>.}{@value #DATABRICKS_DOMAIN}) resolves to in the local
   * run. Workspaces are told apart by the {@code X-Databricks-Azure-Workspace-Resource-Id} header,
   * as the SDK sends it.
   */
  public String databricksHost() {
    return endpoint;
  }

  /**
   * The settings the local run adds to lakewire's so that it accepts the local cloud's workspace
   * hosts: {@code LAKEWIRE_DATABRICKS_DOMAIN} = {@value #DATABRICKS_DOMAIN}, through the same check
   * as production.
   */
  public static Map<String, String> lakewireSettings() {
    return Map.of("LAKEWIRE_DATABRICKS_DOMAIN", DATABRICKS_DOMAIN);
  }

  /**
   * The app settings that point lakewire at this cloud, as a Function App's would point it at
   * Azure: the ARM endpoint and tenant, the Databricks account and its host, {@link
   * #lakewireSettings()}, and the events topic once {@linkplain #addEventTopic one was added}. No
   * {@code AZURE_CLIENT_ID}: lakewire runs as the system-assigned identity here (its application id
   * is read from its token). The Databricks requests still need {@link #databricksTransport()} to
   * reach this cloud.
   */
  public Map<String, String> appSettings() {
    Map<String, String> out = new java.util.HashMap<>(lakewireSettings());
    out.put("LAKEWIRE_ARM_ENDPOINT", armEndpoint());
    out.put("AZURE_TENANT_ID", tenantId());
    out.put("LAKEWIRE_DATABRICKS_ACCOUNTS_HOST", databricksAccountsHost());
    out.put("LAKEWIRE_DATABRICKS_ACCOUNT_ID", databricksAccountId());
    if (topic != null) {
      out.put("LAKEWIRE_EVENTS_TOPIC_ENDPOINT", eventsTopicEndpoint());
    }
    return Map.copyOf(out);
  }

  /**
   * The Databricks HTTP client of the local run: the SDK's own Apache client whose name resolution
   * sends {@code *.}{@value #DATABRICKS_DOMAIN} (port 443) to this cloud's loopback port, like a
   * hosts-file entry. TLS is verified against the host name (the certificate names {@code
   * *.<n>.}{@value #DATABRICKS_DOMAIN}); every other name fails to resolve, so nothing leaves the
   * machine.
   */
  public com.databricks.sdk.core.http.HttpClient databricksTransport() {
    return LocalResolution.transport(DATABRICKS_DOMAIN, server.getAddress().getPort());
  }

  /** Sets what ARM answers as a workspace's {@code workspaceUrl} (hostile values included). */
  public void setWorkspaceUrl(String workspaceArmId, String workspaceUrl) {
    arm.setWorkspaceUrl(workspaceArmId, workspaceUrl);
  }

  /** The tenant of every principal and token. */
  public String tenantId() {
    return Tokens.TENANT_ID;
  }

  /** The JVM-wide PKCS12 trust store (password {@code changeit}), written on first use. */
  public static Path trustStore() {
    return Tls.trustStore();
  }

  /** A TLS context that trusts the JVM-wide certificate. */
  public static SSLContext sslContext() {
    return Tls.clientContext();
  }

  /**
   * What {@code IDENTITY_ENDPOINT} must be for {@code ManagedIdentityCredential} to reach the
   * JVM-wide token endpoint (starting it if needed). It checks {@code X-IDENTITY-HEADER} against
   * the {@code IDENTITY_HEADER} environment variable, or {@code lakewire-local} when that is unset.
   */
  public static String identityEndpoint() {
    Tls.trustStore();
    return TokenServer.get().endpoint();
  }

  /**
   * A credential that gets tokens from the JVM-wide token endpoint without needing {@code
   * IDENTITY_ENDPOINT} in the environment (for the demo; tests can use {@code
   * ManagedIdentityCredential} itself). {@code clientId} null means the default principal.
   */
  public static TokenCredential tokenCredential(String clientId) {
    Tls.trustStore();
    return new LocalIdentity(clientId);
  }

  /**
   * The object id ({@code oid}) of tokens issued for this client id; null or blank gives the
   * default (system-assigned) principal.
   */
  public static String principalIdFor(String clientId) {
    return Tokens.principalFor(clientId);
  }

  // ---------------------------------------------------------------- seeding

  /**
   * Adds a Databricks workspace (and its resource group) and returns its ARM id. It gets the next
   * numeric workspace id and the workspace URL {@code 127.0.0.1:PORT}. Adding an existing one only
   * sets its provisioning state.
   */
  public String addWorkspace(
      String subscriptionId,
      String resourceGroup,
      String name,
      String region,
      String provisioningState) {
    return arm.addWorkspace(subscriptionId, resourceGroup, name, region, provisioningState);
  }

  /** How many workspaces one page of ARM's workspace list holds (default 50). */
  public void setWorkspaceListPageSize(int size) {
    arm.setListPageSize(size);
  }

  /**
   * Replaces a workspace's ARM tags (the {@code tags} object ARM returns on the resource), within
   * ARM's limits: at most 50, names up to 512 characters, values up to 256
   * (https://learn.microsoft.com/azure/azure-resource-manager/management/tag-resources#limitations).
   */
  public void setWorkspaceTags(String workspaceArmId, Map<String, String> tags) {
    arm.setWorkspaceTags(workspaceArmId, tags);
  }

  /** Attaches an access connector to a workspace as someone else did (immediately). */
  public void setWorkspaceAccessConnector(String workspaceArmId, String connectorArmId) {
    arm.setWorkspaceAccessConnector(workspaceArmId, connectorArmId);
  }

  /** The access connector attached to a workspace, if any. */
  public Optional<String> workspaceAccessConnector(String workspaceArmId) {
    return arm.workspaceAccessConnector(workspaceArmId);
  }

  /** Sets a workspace's ARM provisioning state. */
  public void setWorkspaceState(String workspaceArmId, String provisioningState) {
    arm.setWorkspaceState(workspaceArmId, provisioningState);
  }

  /** Adds a storage account (and its resource group) and returns its ARM id. */
  public String addStorageAccount(
      String subscriptionId,
      String resourceGroup,
      String name,
      String region,
      boolean hierarchicalNamespace) {
    return arm.addStorageAccount(
        subscriptionId, resourceGroup, name, region, hierarchicalNamespace);
  }

  /** Adds an (empty) resource group. */
  public void addResourceGroup(String subscriptionId, String resourceGroup, String region) {
    arm.addResourceGroup(subscriptionId, resourceGroup, region);
  }

  /**
   * Adds an Access Connector that is provisioned already, with a system-assigned identity that ARM
   * can see at once, and returns its ARM id.
   */
  public String addAccessConnector(
      String subscriptionId, String resourceGroup, String name, String region) {
    return arm.addReadyAccessConnector(subscriptionId, resourceGroup, name, region);
  }

  /** Pins an Access Connector's provisioning state (e.g. {@code Failed}), whatever the clock. */
  public void setAccessConnectorState(String connectorArmId, String provisioningState) {
    arm.setAccessConnectorState(connectorArmId, provisioningState);
  }

  /** Makes a principal visible to role assignments from now on. */
  public void addPrincipal(String principalId) {
    arm.addPrincipal(principalId);
  }

  /** Adds a Unity Catalog metastore serving a region. */
  public void addMetastore(String metastoreId, String region) {
    unityCatalog.addMetastore(metastoreId, region);
  }

  /** Assigns a metastore to a workspace without any request (e.g. an auto-assigned metastore). */
  public void assignMetastoreDirectly(String workspaceArmId, String metastoreId) {
    unityCatalog.assignDirectly(workspaceArmId, metastoreId);
  }

  /** The Databricks account id of this cloud. */
  public String databricksAccountId() {
    return DatabricksAccount.ACCOUNT_ID;
  }

  /**
   * The Databricks account API host, {@code https://accounts.}{@value #DATABRICKS_DOMAIN}: like
   * production's {@code https://accounts.azuredatabricks.net} it starts with {@code
   * https://accounts.} (what the SDK takes for an account host), and it resolves to this cloud
   * through {@link #databricksTransport()} only. The account routes are told apart by their path
   * ({@code /api/2.0/accounts/...}).
   */
  public String databricksAccountsHost() {
    return "https://accounts." + DATABRICKS_DOMAIN;
  }

  /**
   * Where lakewire finds this cloud: ARM, the Databricks account, the local resolution, and the
   * Event Grid topic once {@linkplain #addEventTopic one was added}.
   */
  public dev.lakewire.app.AzureWiring.Endpoints endpoints() {
    return new dev.lakewire.app.AzureWiring.Endpoints(
            armEndpoint(),
            tenantId(),
            databricksAccountsHost(),
            databricksAccountId(),
            applicationIdFor(null),
            databricksTransport())
        .withEventsTopic(topic == null ? null : eventsTopicEndpoint());
  }

  // ---------------------------------------------------------------- Event Grid topic

  /**
   * Creates the Event Grid custom topic (CloudEvents 1.0 input schema, local auth disabled) and
   * returns its ARM id; its publish endpoint is {@link #eventsTopicEndpoint()}. One per cloud: a
   * second call replaces the first (and forgets its events). Nobody may publish until granted
   * "EventGrid Data Sender" on it ({@link #addRoleAssignment}).
   */
  public String addEventTopic(String subscriptionId, String resourceGroup, String name) {
    arm.addResourceGroup(subscriptionId, resourceGroup, "westeurope");
    String id =
        "/subscriptions/"
            + subscriptionId
            + "/resourceGroups/"
            + resourceGroup
            + "/providers/Microsoft.EventGrid/topics/"
            + name;
    topic = new LocalTopic(arm, id);
    return id;
  }

  /** The topic's publish endpoint, {@code https://127.0.0.1:PORT/api/events}. */
  public String eventsTopicEndpoint() {
    return endpoint + LocalTopic.PATH;
  }

  /**
   * The topic's next {@code n} publish requests answer 503 ServiceUnavailable (an outage), whatever
   * they carry.
   */
  public void makeTopicUnavailable(int n) {
    LocalTopic t = topic;
    if (t == null) {
      throw new IllegalStateException("no Event Grid topic: addEventTopic first");
    }
    t.unavailableFor(n);
  }

  /** The role a principal needs on the topic to publish to it. */
  public static final String EVENT_GRID_DATA_SENDER = LocalTopic.DATA_SENDER;

  /** Every event the topic accepted, oldest first, as sent (CloudEvents JSON). */
  public List<com.fasterxml.jackson.databind.JsonNode> topicEvents() {
    LocalTopic t = topic;
    return t == null ? List.of() : t.received().stream().map(LocalTopic.Received::event).toList();
  }

  /**
   * The application (client) id in tokens issued for this client id: the client id itself, or for
   * null the default (system-assigned) principal's.
   */
  public static String applicationIdFor(String clientId) {
    return clientId == null || clientId.isBlank()
        ? Tokens.clientIdOf(Tokens.DEFAULT_PRINCIPAL)
        : clientId;
  }

  /** Adds a service principal to the Databricks account, as an account admin or not. */
  public void addAccountServicePrincipal(String applicationId, boolean accountAdmin) {
    account.addServicePrincipal(applicationId, accountAdmin);
  }

  /** Makes a service principal a member of a workspace (a workspace assignment as USER). */
  public void addWorkspaceMember(String workspaceArmId, String applicationId) {
    account.addMember(
        arm.workspaceById(workspaceArmId)
            .orElseThrow(() -> new IllegalArgumentException("no workspace " + workspaceArmId)),
        applicationId,
        "USER");
  }

  /** The permissions of a service principal in a workspace, or empty when it is no member. */
  public Optional<List<String>> workspaceMembership(String workspaceArmId, String applicationId) {
    return arm.workspaceById(workspaceArmId).flatMap(ws -> account.membership(ws, applicationId));
  }

  /**
   * Denies (or allows again) role assignment writes at and below a scope: PUT answers 403
   * AuthorizationFailed naming {@code Microsoft.Authorization/roleAssignments/write}.
   */
  public void denyRoleAssignmentWrites(String scopePrefix, boolean deny) {
    arm.denyRoleAssignmentWrites(scopePrefix, deny);
  }

  /**
   * Puts a storage firewall on an account ({@code networkAcls.defaultAction: Deny}) or lifts it:
   * with Deny, an Access Connector reaches the data plane only with a resource access rule.
   */
  public void setStorageFirewall(String storageAccountId, boolean deny) {
    arm.setStorageFirewall(storageAccountId, deny);
  }

  /**
   * How long a new role assignment takes to reach the storage data plane, before the time scale
   * (default 5 minutes; Azure documents up to 10). Zero turns the lag off.
   */
  public void setRbacPropagation(Duration nominal) {
    arm.setRbacPropagation(nominal);
  }

  /** Adds a role assignment made long ago (e.g. by infra), already visible everywhere. */
  public String addRoleAssignment(String scope, String principalId, String roleDefinitionGuid) {
    return arm.addRoleAssignment(scope, principalId, roleDefinitionGuid);
  }

  /** The principal of a provisioned Access Connector, or empty. */
  public Optional<String> accessConnectorPrincipal(String connectorId) {
    return arm.connectorPrincipal(connectorId);
  }

  /** Deletes an Access Connector now, as {@code az databricks access-connector delete} would. */
  public void deleteAccessConnector(String connectorId) {
    arm.deleteAccessConnector(connectorId);
  }

  /**
   * Deletes a workspace as {@code az databricks workspace delete} does (the same ARM DELETE the
   * route answers): it is gone, its metastore assignment with it, and the system topic gets its
   * {@code ResourceDeleteSuccess} (see {@link #takeSystemTopicEvents}).
   *
   * @return false when there was no such workspace
   */
  public boolean deleteWorkspace(String workspaceArmId) {
    return arm.deleteWorkspace(workspaceArmId, null);
  }

  /**
   * The events the subscription's Event Grid system topic has emitted since the last call, oldest
   * first, each as one delivery (a JSON array of one event, Event Grid schema: what lakewire's
   * event subscription asks for, {@code maxEventsPerBatch: 1}). Today: a {@code
   * Microsoft.Resources.ResourceDeleteSuccess} per deleted workspace.
   */
  public List<String> takeSystemTopicEvents() {
    synchronized (systemTopic) {
      List<String> out = List.copyOf(systemTopic);
      systemTopic.clear();
      return out;
    }
  }

  /**
   * A workspace is gone (its metastore assignment goes with it, see UnityCatalog): Event Grid
   * reports {@code ResourceDeleteSuccess} of {@code Microsoft.Databricks/workspaces/ delete} with
   * the DELETE's correlation id, in the shape of the official example
   * (resource_delete_success.json).
   */
  private void workspaceDeleted(String workspaceArmId, String correlationId) {
    String event =
        dev.lakewire.local.EventSamples.delivery(
            List.of(
                dev.lakewire.local.EventSamples.workspaceDelete(
                    dev.lakewire.local.EventSamples.Schema.EVENT_GRID,
                    workspaceArmId,
                    UUID.nameUUIDFromBytes(
                            (workspaceArmId + "|" + correlationId)
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .toString(),
                    correlationId)));
    synchronized (systemTopic) {
      systemTopic.add(event);
    }
  }

  // ---------------------------------------------------------------- observation

  /** How many storage credentials (in all metastores) use this Access Connector. */
  public int storageCredentialsOn(String connectorId) {
    return unityCatalog.credentialCountOn(connectorId);
  }

  /**
   * Validates an external location against the storage now (as {@code validate-storage-credentials}
   * would): empty when its credential can read and write its URL, else why not.
   */
  public Optional<String> externalLocationAccessFailure(String metastoreId, String name) {
    return unityCatalog.locationAccessFailure(metastoreId, name);
  }

  /** The numeric ids of the workspaces an external location is bound to. */
  public Set<Long> externalLocationBindings(String metastoreId, String name) {
    return unityCatalog.locationBindings(metastoreId, name);
  }

  /** How many things the cloud holds. */
  public Counts counts() {
    return new Counts(
        arm.workspaceCount(),
        arm.connectorCount(),
        arm.roleAssignmentCount(),
        unityCatalog.assignmentCount(),
        unityCatalog.credentialCount(),
        unityCatalog.locationCount());
  }

  /** What the cloud has served. */
  public RequestStats stats() {
    return new RequestStats(
        armReads.get(),
        armWrites.get(),
        throttled.get(),
        databricks.get(),
        tokens.get(),
        faultsInjected.get());
  }

  /** The requests served so far, oldest first (the latest 100,000). */
  public List<LoggedRequest> requests() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /**
   * Per principal, how many requests arrived before the Retry-After of a 429 it had been given had
   * passed (on the cloud's clock). Empty when every client honoured Retry-After.
   */
  public Map<String, Long> retryAfterViolations() {
    Map<String, Long> copy = new TreeMap<>();
    violations.forEach((principal, count) -> copy.put(principal, count.get()));
    return copy;
  }

  /** Whether a role assignment of this role to this principal exists exactly at this scope. */
  public boolean hasRoleAssignment(String scope, String principalId, String roleDefinitionGuid) {
    return arm.hasRoleAssignment(scope, principalId, roleDefinitionGuid);
  }

  /** The metastore assigned to a workspace, or empty. */
  public Optional<String> assignedMetastore(String workspaceArmId) {
    return unityCatalog.assignedMetastore(workspaceArmId);
  }

  /** The names of the storage credentials of a metastore. */
  public Set<String> storageCredentials(String metastoreId) {
    return unityCatalog.storageCredentials(metastoreId);
  }

  /** The external locations of a metastore: name to URL. */
  public Map<String, String> externalLocations(String metastoreId) {
    return unityCatalog.externalLocations(metastoreId);
  }

  /** Stops the server. The JVM-wide token endpoint stays up for other clouds. */
  @Override
  public void close() {
    TokenServer.get().removeListener(tokenListener);
    server.stop(0);
    pool.shutdownNow();
  }

  // ---------------------------------------------------------------- serving

  /** What to do with a request: answer it, or reset the connection. */
  private record Outcome(Reply reply, String principal) {
    static Outcome reset(String principal) {
      return new Outcome(null, principal);
    }
  }

  private void handle(HttpExchange exchange) {
    try {
      Call call = Call.read(exchange);
      Instant at = clock.instant();
      if (!options.latency().isZero()) {
        Thread.sleep(options.latency().toMillis());
      }
      boolean forTopic = call.path().equals(LocalTopic.PATH);
      boolean forDatabricks = call.path().startsWith("/api/") || call.path().equals(WELL_KNOWN);
      Outcome outcome =
          forTopic ? serveTopic(call) : forDatabricks ? serveDatabricks(call) : serveArm(call);
      record(at, call, outcome.reply() == null ? 0 : outcome.reply().status(), outcome.principal());
      if (outcome.reply() != null) {
        TokenServer.send(exchange, outcome.reply());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      try {
        TokenServer.send(
            exchange, Reply.armError(500, "InternalServerError", "local cloud failure: " + e));
      } catch (IOException | RuntimeException ignored) {
        // the connection is gone; closing below is all that is left
      }
    } finally {
      // Without a response this closes the connection: the client sees a reset.
      exchange.close();
    }
  }

  private Outcome serveArm(Call call) {
    boolean write = !call.isRead();
    (write ? armWrites : armReads).incrementAndGet();
    Instant now = clock.instant();
    String subscription = Arm.subscriptionOf(call.path());
    Optional<Tokens.Claims> claims = Tokens.fromAuthorization(call.header("Authorization"));
    if (claims.isEmpty()) {
      return new Outcome(
          Reply.armError(
              401,
              "AuthenticationFailed",
              "Authentication failed. The 'Authorization' header is missing or is not a bearer"
                  + " token."),
          null);
    }
    String principal = claims.get().principal();
    if (!claims.get().forArm()) {
      return new Outcome(
          Reply.armError(
              401,
              "InvalidAuthenticationTokenAudience",
              "The access token has been obtained for wrong audience or resource '"
                  + claims.get().audience()
                  + "'. It should match one of the allowed audiences"
                  + " 'https://management.core.windows.net/', 'https://management.azure.com/'."),
          principal);
    }
    // Every ARM answer (429s included) says how much of the caller's bucket is left, per kind:
    // x-ms-ratelimit-remaining-subscription-reads / -writes ("Remaining requests" in
    // https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling).
    String ratelimitHeader =
        "x-ms-ratelimit-remaining-subscription-" + (write ? "writes" : "reads");
    if (call.param("api-version") == null) {
      return new Outcome(
          Reply.armError(
                  400,
                  "MissingApiVersionParameter",
                  "The api-version query parameter (?api-version=) is required for all requests.")
              .withHeader(
                  ratelimitHeader,
                  Long.toString(throttle.remaining(principal, subscription, write, now))),
          principal);
    }
    String retryKey = "arm|" + principal + "|" + subscription;
    noteEarlyRetry(retryKey, principal, now);
    FaultInjector.Roll roll = faults.roll();
    Reply reply;
    if (roll.fault().before()) {
      faultsInjected.incrementAndGet();
      reply = armFault(roll, retryKey, now);
    } else {
      Throttle.Decision d = throttle.take(principal, subscription, write, now);
      if (!d.admitted()) {
        reply =
            tooManyRequests(
                Reply.armError(
                    429,
                    "TooManyRequests",
                    "The request is being throttled as the limit has been reached for operation"
                        + " type - "
                        + (write ? "Write" : "Read")
                        + "_ObservationWindow_00:05:00. For more information, see -"
                        + " https://aka.ms/srpthrottlinglimits"),
                d.retryAfter(),
                retryKey,
                now);
      } else {
        reply = arm.handle(call, principal);
        if (roll.fault() != FaultInjector.Fault.NONE) {
          faultsInjected.incrementAndGet();
          reply = armFault(roll, retryKey, now);
        }
      }
    }
    if (reply == null) {
      return Outcome.reset(principal);
    }
    return new Outcome(
        reply.withHeader(
            ratelimitHeader,
            Long.toString(throttle.remaining(principal, subscription, write, now))),
        principal);
  }

  /** The answer of a rolled fault in ARM's shape; null for a connection reset. */
  private Reply armFault(FaultInjector.Roll roll, String retryKey, Instant now) {
    return switch (roll.fault()) {
      case RESET_BEFORE, RESET_AFTER -> null;
      case ERROR_BEFORE, ERROR_AFTER ->
          Reply.armError(
              500,
              "InternalServerError",
              "Encountered internal server error (injected by the local cloud).");
      case UNAVAILABLE ->
          Reply.armError(
              503,
              "ServiceUnavailable",
              "The service is temporarily unavailable (injected by the local cloud).");
      case STORM ->
          tooManyRequests(
              Reply.armError(
                  429,
                  "TooManyRequests",
                  "The request is being throttled (a throttle storm injected by the local cloud)."),
              roll.retryAfter(),
              retryKey,
              now);
      case NONE -> throw new IllegalStateException("no fault to inject");
    };
  }

  /** The Event Grid topic's publish endpoint (404 until a topic exists). */
  private Outcome serveTopic(Call call) {
    Optional<Tokens.Claims> claims = Tokens.fromAuthorization(call.header("Authorization"));
    String principal = claims.map(Tokens.Claims::principal).orElse(null);
    LocalTopic t = topic;
    if (t == null) {
      return new Outcome(Reply.armError(404, "NotFound", "No Event Grid topic here."), principal);
    }
    return new Outcome(t.handle(call, claims), principal);
  }

  private Outcome serveDatabricks(Call call) {
    databricks.incrementAndGet();
    Instant now = clock.instant();
    if (call.path().equals(WELL_KNOWN)) {
      return new Outcome(
          call.method().equals("GET")
              ? Reply.json(200, unityCatalog.wellKnownConfig())
              : Reply.databricksError(405, "ENDPOINT_NOT_FOUND", "Use GET " + WELL_KNOWN),
          null);
    }
    Optional<Tokens.Claims> claims = Tokens.fromAuthorization(call.header("Authorization"));
    if (claims.isEmpty() || !claims.get().forDatabricks()) {
      return new Outcome(
          Reply.databricksError(
              401,
              "UNAUTHENTICATED",
              "Authorization needs a bearer token for resource " + DATABRICKS_RESOURCE + "."),
          claims.map(Tokens.Claims::principal).orElse(null));
    }
    String principal = claims.get().principal();
    String retryKey = "databricks|" + principal;
    noteEarlyRetry(retryKey, principal, now);
    FaultInjector.Roll roll = faults.roll();
    Reply reply;
    if (roll.fault() == FaultInjector.Fault.NONE) {
      reply = databricksReply(call, claims.get());
    } else {
      faultsInjected.incrementAndGet();
      if (!roll.fault().before()) {
        databricksReply(call, claims.get());
      }
      reply = databricksFault(roll, retryKey, now);
    }
    return reply == null ? Outcome.reset(principal) : new Outcome(reply, principal);
  }

  /**
   * An account route, or a workspace-level one once the caller passed the membership gate (see
   * {@link DatabricksAccount}).
   */
  private Reply databricksReply(Call call, Tokens.Claims claims) {
    if (call.path().startsWith(DatabricksAccount.PREFIX)) {
      return account.handle(call, claims);
    }
    String resourceId = call.header(UnityCatalog.WORKSPACE_RESOURCE_HEADER);
    String numericId = call.header(UnityCatalog.WORKSPACE_ID_HEADER);
    Optional<Arm.WorkspaceView> ws =
        resourceId != null
            ? arm.workspaceById(resourceId.trim())
            : numericId != null ? arm.workspaceByNumericId(numericId.trim()) : Optional.empty();
    Optional<Reply> refused = ws.flatMap(w -> account.admitWorkspaceCall(call, w, claims));
    return refused.orElseGet(() -> unityCatalog.handle(call, claims.principal()));
  }

  /** The answer of a rolled fault in Databricks' shape; null for a connection reset. */
  private Reply databricksFault(FaultInjector.Roll roll, String retryKey, Instant now) {
    return switch (roll.fault()) {
      case RESET_BEFORE, RESET_AFTER -> null;
      case ERROR_BEFORE, ERROR_AFTER ->
          Reply.databricksError(
              500, "INTERNAL_ERROR", "Internal error (injected by the local cloud).");
      case UNAVAILABLE ->
          Reply.databricksError(
              503,
              "TEMPORARILY_UNAVAILABLE",
              "The service is temporarily unavailable (injected by the local cloud).");
      case STORM ->
          tooManyRequests(
              Reply.databricksError(
                  429,
                  "REQUEST_LIMIT_EXCEEDED",
                  "Too many requests (a throttle storm injected by the local cloud)."),
              roll.retryAfter(),
              retryKey,
              now);
      case NONE -> throw new IllegalStateException("no fault to inject");
    };
  }

  /**
   * Adds Retry-After to a 429: the nominal delay scaled by the time scale; the header carries it in
   * whole seconds rounded up (at least 1) and {@code retry-after-ms} exactly. Remembers when the
   * principal may come back.
   */
  private Reply tooManyRequests(Reply reply, Duration nominal, String retryKey, Instant now) {
    throttled.incrementAndGet();
    Duration scaled = options.scaled(nominal);
    long millis = Math.max(1, scaled.toMillis());
    long seconds = Math.max(1, (millis + 999) / 1000);
    Instant until = now.plus(scaled);
    notBefore.merge(retryKey, until, (a, b) -> a.isAfter(b) ? a : b);
    return reply
        .withHeader("Retry-After", Long.toString(seconds))
        .withHeader("retry-after-ms", Long.toString(millis));
  }

  private void noteEarlyRetry(String retryKey, String principal, Instant now) {
    Instant until = notBefore.get(retryKey);
    if (until != null) {
      if (now.isBefore(until)) {
        violations.computeIfAbsent(principal, p -> new AtomicLong()).incrementAndGet();
      } else {
        notBefore.remove(retryKey, until);
      }
    }
  }

  private void tokenRequest(Call call, int status, String principal) {
    tokens.incrementAndGet();
    if (status == 200 && principal != null) {
      arm.addPrincipal(principal);
    }
    record(clock.instant(), call, status, principal);
  }

  private void record(Instant at, Call call, int status, String principal) {
    LoggedRequest entry =
        new LoggedRequest(at, call.method(), call.path(), status, call.headers(), principal);
    synchronized (log) {
      if (log.size() == LOG_CAPACITY) {
        log.removeFirst();
      }
      log.addLast(entry);
    }
  }

  /** Daemon threads named {@code prefix-N}. */
  static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
