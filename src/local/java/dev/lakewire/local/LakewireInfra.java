package dev.lakewire.local;

import dev.lakewire.local.cloud.LocalCloud;
import dev.lakewire.onboarding.message.Facts;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import java.util.Map;

/**
 * What lakewire's infra ({@code infra/main.bicep}) provisions before lakewire runs, seeded into a
 * local cloud: lakewire's identity exists in the directory, the shared Access Connector of the
 * {@code shared} location layout in lakewire's resource group, and lakewire's Contributor role on
 * it (Databricks registers a connector as a storage credential only for a caller with Contributor
 * on it).
 */
public final class LakewireInfra {

  /** lakewire's resource group. */
  public static final String RESOURCE_GROUP = "rg-lakewire";

  /** The shared Access Connector's name. */
  public static final String SHARED_CONNECTOR_NAME = "lakewire-shared-uc";

  /** Role assignments {@link #seed} makes (lakewire's Contributor on the shared connector). */
  public static final int ROLE_ASSIGNMENTS = 1;

  /** Access Connectors {@link #seed} makes (the shared one). */
  public static final int ACCESS_CONNECTORS = 1;

  // infra's role GUIDs come from infra/facts.json, as the Bicep's do; the local cloud keeps its own
  // table of Azure's built-in roles (the other side of the check)
  private static final String CONTRIBUTOR = Facts.get().roleGuid("Contributor");
  private static final String DATA_SENDER = Facts.get().roleGuid("EventGrid Data Sender");

  private LakewireInfra() {}

  /**
   * Seeds the infra for lakewire running as the default (system-assigned) local identity and
   * returns the app settings infra would set: {@code shared} layout, the shared connector,
   * lakewire's object id.
   */
  public static Map<String, String> seed(LocalCloud cloud, String subscription, String region) {
    String shared =
        cloud.addAccessConnector(subscription, RESOURCE_GROUP, SHARED_CONNECTOR_NAME, region);
    String self = LocalCloud.principalIdFor(null);
    cloud.addPrincipal(self);
    cloud.addRoleAssignment(shared, self, CONTRIBUTOR);
    return Map.of(
        OnboardingPolicy.LOCATION_LAYOUT, "shared",
        OnboardingPolicy.SHARED_ACCESS_CONNECTOR, shared,
        OnboardingPolicy.IDENTITY_PRINCIPAL_ID, self);
  }

  /** The name of lakewire's Event Grid topic (infra: {@code <baseName>-events}). */
  public static final String EVENT_TOPIC_NAME = "lakewire-events";

  /**
   * Seeds lakewire's Event Grid custom topic (CloudEvents input schema, local auth disabled) and
   * lakewire's "EventGrid Data Sender" role on it, as infra does; returns the app setting infra
   * sets ({@code LAKEWIRE_EVENTS_TOPIC_ENDPOINT}). Adds one role assignment.
   */
  public static Map<String, String> seedEventTopic(LocalCloud cloud, String subscription) {
    String topic = cloud.addEventTopic(subscription, RESOURCE_GROUP, EVENT_TOPIC_NAME);
    cloud.addRoleAssignment(topic, LocalCloud.principalIdFor(null), DATA_SENDER);
    return Map.of("LAKEWIRE_EVENTS_TOPIC_ENDPOINT", cloud.eventsTopicEndpoint());
  }

  /** The id of the shared connector {@link #seed} creates. */
  public static String sharedConnectorId(String subscription) {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + RESOURCE_GROUP
        + "/providers/Microsoft.Databricks/accessConnectors/"
        + SHARED_CONNECTOR_NAME;
  }
}
