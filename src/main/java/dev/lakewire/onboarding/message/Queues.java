package dev.lakewire.onboarding.message;

import dev.lakewire.ports.Step;
import java.util.EnumMap;
import java.util.Map;

/**
 * The Service Bus queues: one per step and the reprocess queue. Each name comes from an app setting
 * (functions bind them as {@code %SETTING%}, so the setting names stay compile-time constants) with
 * its default from {@link Facts} ({@code infra/facts.json}, which Bicep declares the queues from).
 */
public final class Queues {

  @AppSetting
  public static final String CREATE_ACCESS_CONNECTOR_SETTING =
      "LAKEWIRE_QUEUE_CREATE_ACCESS_CONNECTOR";

  @AppSetting
  public static final String ASSIGN_STORAGE_ROLES_SETTING = "LAKEWIRE_QUEUE_ASSIGN_STORAGE_ROLES";

  @AppSetting public static final String BIND_METASTORE_SETTING = "LAKEWIRE_QUEUE_BIND_METASTORE";
  @AppSetting public static final String REPROCESS_SETTING = "LAKEWIRE_QUEUE_REPROCESS";

  @AppSetting
  public static final String REMOVE_STORAGE_ROLES_SETTING = "LAKEWIRE_QUEUE_REMOVE_STORAGE_ROLES";

  @AppSetting
  public static final String REMOVE_CATALOG_OBJECTS_SETTING =
      "LAKEWIRE_QUEUE_REMOVE_CATALOG_OBJECTS";

  @AppSetting
  public static final String REMOVE_ACCESS_CONNECTOR_SETTING =
      "LAKEWIRE_QUEUE_REMOVE_ACCESS_CONNECTOR";

  /** The Functions connection name; the host reads {@code ServiceBusConnection__*} settings. */
  public static final String CONNECTION = "ServiceBusConnection";

  /** The namespace setting the host and the sender both use. */
  @AppSetting
  public static final String NAMESPACE_SETTING = CONNECTION + "__fullyQualifiedNamespace";

  // The default queue names: infra/facts.json's "queues" (Bicep declares the same queues).
  public static final String CREATE_ACCESS_CONNECTOR_DEFAULT =
      Facts.get().queue(CREATE_ACCESS_CONNECTOR_SETTING);
  public static final String ASSIGN_STORAGE_ROLES_DEFAULT =
      Facts.get().queue(ASSIGN_STORAGE_ROLES_SETTING);
  public static final String BIND_METASTORE_DEFAULT = Facts.get().queue(BIND_METASTORE_SETTING);
  public static final String REPROCESS_DEFAULT = Facts.get().queue(REPROCESS_SETTING);
  public static final String REMOVE_STORAGE_ROLES_DEFAULT =
      Facts.get().queue(REMOVE_STORAGE_ROLES_SETTING);
  public static final String REMOVE_CATALOG_OBJECTS_DEFAULT =
      Facts.get().queue(REMOVE_CATALOG_OBJECTS_SETTING);
  public static final String REMOVE_ACCESS_CONNECTOR_DEFAULT =
      Facts.get().queue(REMOVE_ACCESS_CONNECTOR_SETTING);

  private Queues() {}

  /** The setting that names a step's queue. */
  public static String settingFor(Step step) {
    return queueOf(step).setting();
  }

  /** The default queue name of a step. */
  public static String defaultFor(Step step) {
    return queueOf(step).defaultName();
  }

  /** A step queue: the setting that names it and the name it has when the setting is unset. */
  private record StepQueue(String setting, String defaultName) {}

  private static StepQueue queueOf(Step step) {
    return switch (step) {
      case CREATE_ACCESS_CONNECTOR ->
          new StepQueue(CREATE_ACCESS_CONNECTOR_SETTING, CREATE_ACCESS_CONNECTOR_DEFAULT);
      case ASSIGN_STORAGE_ROLES ->
          new StepQueue(ASSIGN_STORAGE_ROLES_SETTING, ASSIGN_STORAGE_ROLES_DEFAULT);
      case BIND_METASTORE -> new StepQueue(BIND_METASTORE_SETTING, BIND_METASTORE_DEFAULT);
      case REMOVE_STORAGE_ROLES ->
          new StepQueue(REMOVE_STORAGE_ROLES_SETTING, REMOVE_STORAGE_ROLES_DEFAULT);
      case REMOVE_CATALOG_OBJECTS ->
          new StepQueue(REMOVE_CATALOG_OBJECTS_SETTING, REMOVE_CATALOG_OBJECTS_DEFAULT);
      case REMOVE_ACCESS_CONNECTOR ->
          new StepQueue(REMOVE_ACCESS_CONNECTOR_SETTING, REMOVE_ACCESS_CONNECTOR_DEFAULT);
    };
  }

  /** Step → queue name, from settings with defaults. */
  public static Map<Step, String> fromSettings(Map<String, String> settings) {
    return fromSettings(SettingValues.of(settings));
  }

  /** Step → queue name, from settings already read. */
  public static Map<Step, String> fromSettings(SettingValues settings) {
    Map<Step, String> out = new EnumMap<>(Step.class);
    for (Step s : Step.values()) {
      out.put(s, settings.get(settingFor(s), defaultFor(s)));
    }
    return out;
  }

  /** The reprocess queue name, from settings with its default. */
  public static String reprocessFromSettings(Map<String, String> settings) {
    return reprocessFromSettings(SettingValues.of(settings));
  }

  /** The reprocess queue name, from settings already read. */
  public static String reprocessFromSettings(SettingValues settings) {
    return settings.get(REPROCESS_SETTING, REPROCESS_DEFAULT);
  }
}
