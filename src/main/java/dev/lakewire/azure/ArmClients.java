package dev.lakewire.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Context;
import com.azure.resourcemanager.authorization.AuthorizationManager;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluentcore.arm.AzureConfigurable;
import com.azure.resourcemanager.resources.fluentcore.arm.ResourceId;
import com.azure.resourcemanager.resources.fluentcore.arm.implementation.AzureConfigurableImpl;
import com.azure.resourcemanager.resources.implementation.ResourceManagementClientBuilder;
import com.azure.resourcemanager.storage.StorageManager;
import dev.lakewire.ports.CloudFailure;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ARM SDK clients lakewire uses, one set per subscription (ARM managers are bound to a
 * subscription), built on first use and cached (thread-safe). All share one HTTP client, the
 * credential, a custom {@link AzureEnvironment} whose resource manager endpoint is the configured
 * one, and the {@link ArmRetry} policy (no retry on 429).
 */
public final class ArmClients {

  private final TokenCredential credential;
  private final AzureEnvironment environment;
  private final String tenantId;
  private final ArmRetry retry;
  private final HttpClient httpClient;
  private final Clock clock;
  private final ArmFailures failures;
  private final ArmQuota quota;
  private final Map<String, ResourceManagementClient> resources = new ConcurrentHashMap<>();
  private final Map<String, AuthorizationManager> authorization = new ConcurrentHashMap<>();
  private final Map<String, StorageManager> storage = new ConcurrentHashMap<>();

  /**
   * @param credential the identity lakewire acts as
   * @param armEndpoint e.g. {@code https://management.azure.com} (a trailing slash is removed)
   * @param tenantId the tenant, or null to let the credential decide
   * @param retry what the pipelines retry by themselves
   * @param clock the clock Retry-After dates are read against
   */
  public ArmClients(
      TokenCredential credential,
      String armEndpoint,
      String tenantId,
      ArmRetry retry,
      Clock clock) {
    this(credential, armEndpoint, tenantId, retry, clock, true);
  }

  /**
   * @param paceOnRemainingQuota whether requests are paced on ARM's remaining-quota headers ({@link
   *     ArmQuota}); off only for the benchmark's naive baseline
   */
  public ArmClients(
      TokenCredential credential,
      String armEndpoint,
      String tenantId,
      ArmRetry retry,
      Clock clock,
      boolean paceOnRemainingQuota) {
    this(
        credential,
        armEndpoint,
        tenantId,
        retry,
        clock,
        HttpClient.createDefault(),
        paceOnRemainingQuota);
  }

  /** Clients sending through a given HTTP client (tests record what is sent). */
  ArmClients(
      TokenCredential credential,
      String armEndpoint,
      String tenantId,
      ArmRetry retry,
      Clock clock,
      HttpClient httpClient) {
    this(credential, armEndpoint, tenantId, retry, clock, httpClient, true);
  }

  private ArmClients(
      TokenCredential credential,
      String armEndpoint,
      String tenantId,
      ArmRetry retry,
      Clock clock,
      HttpClient httpClient,
      boolean paceOnRemainingQuota) {
    this.quota = paceOnRemainingQuota ? new ArmQuota(clock) : null;
    this.credential = Objects.requireNonNull(credential, "credential");
    this.environment = environment(armEndpoint);
    this.tenantId = tenantId;
    this.retry = Objects.requireNonNull(retry, "retry");
    this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
    this.failures = new ArmFailures(clock);
    this.clock = clock;
  }

  /** Clients with the default retry policy and no fixed tenant. */
  public ArmClients(TokenCredential credential, String armEndpoint, Clock clock) {
    this(credential, armEndpoint, null, ArmRetry.DEFAULT, clock);
  }

  /**
   * The Azure public cloud's endpoints with the resource manager endpoint replaced. The other
   * endpoints (token audience, Microsoft Graph for {@link AuthorizationManager}) stay as they are.
   */
  static AzureEnvironment environment(String armEndpoint) {
    String endpoint = trimSlashes(Objects.requireNonNull(armEndpoint, "armEndpoint"));
    Map<String, String> endpoints = new HashMap<>(AzureEnvironment.AZURE.getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", endpoint);
    return new AzureEnvironment(endpoints);
  }

  static String trimSlashes(String s) {
    String out = s.trim();
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  /**
   * An ARM id or scope as the generated service clients want it: without its leading {@code /}.
   * Their URL templates are {@code /{resourceId}} and {@code /{scope}/providers/…}, so an id with
   * its leading slash would go out as {@code //subscriptions/…}.
   */
  public static String relative(String idOrScope) {
    String out = idOrScope;
    while (out.startsWith("/")) {
      out = out.substring(1);
    }
    return out;
  }

  /** The resource manager endpoint in use (no trailing slash). */
  public String endpoint() {
    return environment.getResourceManagerEndpoint();
  }

  /** The classifier the ARM adapters share. */
  ArmFailures failures() {
    return failures;
  }

  /**
   * Generic resources and resource groups of a subscription: the service client {@code
   * ResourceManager.serviceClient()} returns, built alone. {@code ResourceManager} builds seven
   * more service clients (features, subscriptions, policy, locks, changes, deployment stacks, data
   * boundaries), each a proxy over every operation's models, which lakewire never calls: about a
   * tenth of the JVM's time to its first step (issue 11). Built as {@code ResourceManager}'s
   * constructor builds it (azure-resourcemanager-resources 2.50.0), on the same pipeline as the
   * other managers'.
   */
  public ResourceManagementClient resources(String subscriptionId) {
    return resources.computeIfAbsent(
        key(subscriptionId),
        s ->
            new ResourceManagementClientBuilder()
                .pipeline(configured(new PipelineOnly()).pipeline(credential, profile(s)))
                .endpoint(environment.getResourceManagerEndpoint())
                .subscriptionId(s)
                .buildClient());
  }

  /** The pipeline every ARM manager builds for itself, without a manager. */
  private static final class PipelineOnly extends AzureConfigurableImpl<PipelineOnly> {
    HttpPipeline pipeline(TokenCredential credential, AzureProfile profile) {
      return buildHttpPipeline(credential, profile);
    }
  }

  /**
   * GET of a resource as a generic ARM resource ({@code Microsoft.Databricks} api-version {@value
   * ArmWorkspaces#API_VERSION}): empty on 404, any other failure classified as {@code what}.
   */
  public Optional<GenericResourceInner> genericResource(String resourceId, String what) {
    try {
      return Optional.ofNullable(
          resources(ResourceId.fromString(resourceId).subscriptionId())
              .getResources()
              .getByIdWithResponse(relative(resourceId), ArmWorkspaces.API_VERSION, Context.NONE)
              .getValue());
    } catch (RuntimeException e) {
      if (ArmFailures.isNotFound(e)) {
        return Optional.empty();
      }
      throw failures.classify(what, e);
    }
  }

  /** Role assignments of a subscription. */
  public AuthorizationManager authorization(String subscriptionId) {
    return authorization.computeIfAbsent(
        key(subscriptionId),
        s -> configured(AuthorizationManager.configure()).authenticate(credential, profile(s)));
  }

  /** Storage accounts of a subscription. */
  public StorageManager storage(String subscriptionId) {
    return storage.computeIfAbsent(
        key(subscriptionId),
        s -> configured(StorageManager.configure()).authenticate(credential, profile(s)));
  }

  /**
   * Takes {@code n} tokens of the subscription's write quota for the next {@code n} writes there
   * (which then pass the pacing without taking more), or throws {@link CloudFailure.Throttled} with
   * the slot to come back at when the quota would not take them all now. Nothing when pacing is off
   * or the bucket was never reported.
   */
  public void reserveWrites(String subscriptionId, int n, String operation) {
    reserve(subscriptionId, true, n, operation);
  }

  /** {@link #reserveWrites} for reads. */
  public void reserveReads(String subscriptionId, int n, String operation) {
    reserve(subscriptionId, false, n, operation);
  }

  private void reserve(String subscriptionId, boolean write, int n, String operation) {
    if (quota == null) {
      return;
    }
    String subscription = key(subscriptionId);
    String kind = write ? "writes" : "reads";
    Duration wait = quota.reserve(subscription + " " + kind, write, n, clock.instant());
    if (wait != null) {
      throw new CloudFailure.Throttled(
          operation
              + ": held back by lakewire's pacing on ARM's remaining "
              + kind
              + " quota (retry after "
              + wait
              + ")",
          wait,
          ArmFailures.PACED + "arm subscription " + subscription + " " + kind,
          null);
    }
  }

  /** The configurable with the shared HTTP client, retries and (when on) the quota pacing. */
  private <T extends AzureConfigurable<T>> T configured(T configurable) {
    T shared = configurable.withHttpClient(httpClient).withRetryOptions(retry.options());
    return quota == null ? shared : shared.withPolicy(quota);
  }

  private AzureProfile profile(String subscriptionId) {
    return new AzureProfile(tenantId, subscriptionId, environment);
  }

  private static String key(String subscriptionId) {
    if (subscriptionId == null || subscriptionId.isBlank()) {
      throw new IllegalArgumentException("subscription id is required");
    }
    return subscriptionId.toLowerCase(Locale.ROOT);
  }

  /** The clock the clients read time against. */
  public Clock clock() {
    return clock;
  }
}
