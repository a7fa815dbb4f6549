package dev.lakewire.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.app.Settings;
import dev.lakewire.onboarding.message.Queues;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.onboarding.worker.StepLogContext;
import dev.lakewire.onboarding.worker.WorkspaceEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fails when the infrastructure ({@code azure.yaml}, {@code infra/**}, {@code local.settings.json})
 * and the code disagree: the generated {@code function.json} files (bindings), the settings the
 * code reads, the queues, the roles lakewire may grant, the Event Grid filter. Runs in {@code
 * verify} (failsafe), after {@code package} generated {@code target/azure-functions/<app>};
 * failsafe passes that folder as the system property {@code functionAppDir}.
 *
 * <p>Every failure message names the file, the setting / queue / role and both sides.
 */
class InfraConsistencyIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final Path INFRA = Path.of("infra");
  private static final Path MAIN = INFRA.resolve("main.bicep");
  private static final Path FUNCTION = INFRA.resolve("app/function.bicep");
  private static final Path SERVICE_BUS = INFRA.resolve("app/servicebus.bicep");
  private static final Path STORAGE = INFRA.resolve("app/storage.bicep");
  private static final Path STORAGE_TARGET = INFRA.resolve("app/storage-target-access.bicep");
  private static final Path CONNECTOR_ROLE = INFRA.resolve("app/connector-role.bicep");
  private static final Path EVENT_GRID = INFRA.resolve("eventgrid.bicep");
  private static final Path EVENT_GRID_SUBSCRIPTION =
      INFRA.resolve("app/eventgrid-subscription.bicep");
  private static final Path HOOK_SH = INFRA.resolve("hooks/postdeploy.sh");
  private static final Path HOOK_PS1 = INFRA.resolve("hooks/postdeploy.ps1");
  private static final Path AZURE_YAML = Path.of("azure.yaml");
  private static final Path LOCAL_SETTINGS = Path.of("local.settings.json");
  private static final Path ALERTS = INFRA.resolve("app/alerts.bicep");

  /**
   * Built-in role definition GUIDs checked against the Azure built-in roles reference
   * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles). Every GUID
   * literal in the Bicep files must be one of these and carry its name in a comment.
   */
  static final Map<String, String> VERIFIED_ROLES =
      Map.ofEntries(
          Map.entry("ba92f5b4-2d11-453d-a403-e96b0029c9fe", "Storage Blob Data Contributor"),
          Map.entry("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "Storage Blob Data Reader"),
          Map.entry("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor"),
          Map.entry("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner"),
          Map.entry("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor"),
          Map.entry("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", "Azure Service Bus Data Sender"),
          Map.entry("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", "Azure Service Bus Data Receiver"),
          Map.entry("3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher"),
          Map.entry(
              "f58310d9-a9f6-439a-9e8d-f62e7b41a168", "Role Based Access Control Administrator"),
          Map.entry("b24988ac-6180-42a0-ab88-20f7382dd24c", "Contributor"),
          Map.entry("f1a07417-d97a-45cb-824c-7a7467783830", "Managed Identity Operator"),
          Map.entry("d5a91429-5739-47e2-a06b-3470a27159e7", "EventGrid Data Sender"));

  /** Roles lakewire must never hold or hand out. */
  static final Map<String, String> FORBIDDEN_ROLES =
      Map.of(
          "8e3af657-a8ff-443c-a75c-2fe8c4bcb635", "Owner",
          "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9", "User Access Administrator");

  /** App settings the Flex Consumption plan rejects or ignores. */
  static final List<String> NOT_ON_FLEX =
      List.of(
          "FUNCTIONS_WORKER_RUNTIME",
          "FUNCTIONS_EXTENSION_VERSION",
          "WEBSITE_RUN_FROM_PACKAGE",
          "WEBSITE_CONTENTSHARE",
          "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING");

  private static final Pattern QUOTED_GUID =
      Pattern.compile(
          "'([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'");

  // ------------------------------------------------------------------------------------------
  // function.json ↔ Bicep
  // ------------------------------------------------------------------------------------------

  @Test
  void everyQueueAFunctionBindsIsAnAppSettingNamingADeclaredQueue() {
    Map<String, String> settings = bicepAppSettings();
    Set<String> queues = declaredQueues();
    Map<String, String> local = localSettings();
    List<String> problems = new ArrayList<>();

    forEachBinding(
        (function, binding) -> {
          if (!binding.has("queueName")) {
            return;
          }
          String queueName = binding.get("queueName").asText();
          Matcher m = Pattern.compile("^%(.+)%$").matcher(queueName);
          if (!m.matches()) {
            if (!queues.contains(queueName)) {
              problems.add(
                  function + " binds queue '" + queueName + "', not declared in " + SERVICE_BUS);
            }
            return;
          }
          String setting = m.group(1);
          String expr = settings.get(setting);
          if (expr == null) {
            problems.add(
                function + " binds %" + setting + "% but " + FUNCTION + " sets no " + setting);
            return;
          }
          Optional<String> value = BicepText.literal(expr);
          if (value.isEmpty()) {
            problems.add(setting + " in " + FUNCTION + " must be a plain queue name, is: " + expr);
          } else if (!queues.contains(value.get())) {
            problems.add(
                function
                    + " binds %"
                    + setting
                    + "% = '"
                    + value.get()
                    + "' but "
                    + SERVICE_BUS
                    + " declares only "
                    + queues);
          } else if (!value.get().equals(local.get(setting))) {
            problems.add(
                setting
                    + " is '"
                    + value.get()
                    + "' in "
                    + FUNCTION
                    + " but '"
                    + local.get(setting)
                    + "' in local.settings.json");
          }
        });

    assertThat(problems).as("queue bindings vs infra").isEmpty();
  }

  @Test
  void everyScheduleAFunctionBindsIsAnAppSettingInInfraAndLocalSettings() {
    Map<String, String> settings = bicepAppSettings();
    Map<String, String> local = localSettings();
    List<String> problems = new ArrayList<>();
    List<String> schedules = new ArrayList<>();
    forEachBinding(
        (function, binding) -> {
          if (!binding.has("schedule")) {
            return;
          }
          String schedule = binding.get("schedule").asText();
          schedules.add(function + ": " + schedule);
          Matcher m = Pattern.compile("^%(.+)%$").matcher(schedule);
          if (!m.matches()) {
            problems.add(function + " hard-codes its schedule '" + schedule + "'");
            return;
          }
          String setting = m.group(1);
          // the host refuses to index a timer whose %SETTING% is missing: infra must set it
          if (!settings.containsKey(setting)) {
            problems.add(function + " binds %" + setting + "% but " + FUNCTION + " sets none");
          }
          if (local.get(setting) == null || local.get(setting).isBlank()) {
            problems.add(function + " binds %" + setting + "% but local.settings.json has none");
          }
        });
    assertThat(schedules).as("timer functions").isNotEmpty();
    assertThat(problems).as("timer schedules vs infra").isEmpty();
  }

  @Test
  void everyConnectionAFunctionBindsIsIdentityBased() {
    Map<String, String> settings = bicepAppSettings();
    Map<String, String> local = localSettings();
    List<String> problems = new ArrayList<>();

    forEachBinding(
        (function, binding) -> {
          if (!binding.has("connection")) {
            return;
          }
          String c = binding.get("connection").asText();
          String fqns = c + "__fullyQualifiedNamespace";
          if (!settings.containsKey(fqns)) {
            problems.add(
                function + " uses connection " + c + " but " + FUNCTION + " has no " + fqns);
          }
          Optional<String> credential =
              Optional.ofNullable(settings.get(c + "__credential")).flatMap(BicepText::literal);
          if (!credential.equals(Optional.of("managedidentity"))) {
            problems.add(
                c + "__credential must be 'managedidentity' in " + FUNCTION + ", is " + credential);
          }
          if (!settings.containsKey(c + "__clientId")) {
            problems.add(c + "__clientId (the user-assigned identity) is missing from " + FUNCTION);
          }
          if (settings.containsKey(c)) {
            problems.add(c + " must not be set (a connection string) in " + FUNCTION);
          }
          if (!local.containsKey(fqns)) {
            problems.add(
                function + " uses connection " + c + " but local.settings.json has no " + fqns);
          }
        });

    assertThat(problems).as("connections vs infra").isEmpty();
  }

  @Test
  void everyHttpFunctionNeedsAFunctionKey() {
    List<String> problems = new ArrayList<>();
    forEachBinding(
        (function, binding) -> {
          if (binding.path("type").asText().equalsIgnoreCase("httpTrigger")) {
            String level = binding.path("authLevel").asText("<none>");
            if (!level.equalsIgnoreCase("function")) {
              problems.add(function + " has authLevel " + level + ", expected function");
            }
          }
        });
    assertThat(problems).as("HTTP auth levels").isEmpty();
  }

  @Test
  void theEventGridSubscriptionTargetsTheEventGridFunction() {
    String functionName =
        bicep(EVENT_GRID)
            .params()
            .get("functionName")
            .defaultValue()
            .flatMap(BicepText::literal)
            .orElseThrow(
                () -> new AssertionError(EVENT_GRID + ": param functionName has no default"));

    Map<String, List<String>> types = bindingTypesByFunction();
    assertThat(types)
        .as("%s targets function %s; generated functions: %s", EVENT_GRID, functionName, types)
        .containsKey(functionName);
    assertThat(types.get(functionName))
        .as("function %s must have an eventGridTrigger binding", functionName)
        .contains("eventGridTrigger");
    assertThat(BicepText.normalize(bicep(EVENT_GRID).code()))
        .as("%s must point the subscription at <app>/functions/<functionName>", EVENT_GRID)
        .contains(
            "functionEndpointResourceId: '${functionAppResourceId}/functions/${functionName}'");
    for (Path hook : List.of(HOOK_SH, HOOK_PS1)) {
      assertThat(read(hook))
          .as("%s must wait for and subscribe the function %s", hook, functionName)
          .contains(functionName);
    }
  }

  @Test
  void theEventGridFilterIsTheOneTheCodeAccepts() {
    BicepText bicep = bicep(EVENT_GRID_SUBSCRIPTION);
    BicepText.Resource topic =
        single(bicep, "Microsoft.EventGrid/systemTopics", EVENT_GRID_SUBSCRIPTION);
    assertThat(BicepText.at(topic.body(), "properties", "topicType").flatMap(BicepText::literal))
        .as("%s: the system topic must be the Azure subscription's", EVENT_GRID_SUBSCRIPTION)
        .hasValue("Microsoft.Resources.Subscriptions");

    String sub =
        single(
                bicep,
                "Microsoft.EventGrid/systemTopics/eventSubscriptions",
                EVENT_GRID_SUBSCRIPTION)
            .body();
    List<String> eventTypes =
        literals(BicepText.at(sub, "properties", "filter", "includedEventTypes").orElse("[]"));
    assertThat(eventTypes)
        .as(
            "%s includedEventTypes vs WorkspaceEvents.WRITE_SUCCESS, DELETE_SUCCESS",
            EVENT_GRID_SUBSCRIPTION)
        .containsExactly(WorkspaceEvents.WRITE_SUCCESS, WorkspaceEvents.DELETE_SUCCESS);

    List<Map<String, String>> filters =
        BicepText.items(
                BicepText.inner(
                        BicepText.at(sub, "properties", "filter", "advancedFilters").orElse("[]"))
                    .orElseThrow())
            .stream()
            .map(f -> BicepText.entries(BicepText.inner(f).orElseThrow()))
            .toList();
    assertThat(filters)
        .as(
            "%s must filter data.operationName StringIn [%s, %s]",
            EVENT_GRID_SUBSCRIPTION,
            WorkspaceEvents.WORKSPACE_WRITE,
            WorkspaceEvents.WORKSPACE_DELETE)
        .anySatisfy(
            f -> {
              assertThat(BicepText.literal(f.get("operatorType"))).hasValue("StringIn");
              assertThat(BicepText.literal(f.get("key"))).hasValue("data.operationName");
              assertThat(literals(f.get("values")))
                  .containsExactly(
                      WorkspaceEvents.WORKSPACE_WRITE, WorkspaceEvents.WORKSPACE_DELETE);
            });

    assertThat(
            BicepText.at(sub, "properties", "destination", "endpointType")
                .flatMap(BicepText::literal))
        .as(
            "%s: deliver with endpointType AzureFunction (no key in templates)",
            EVENT_GRID_SUBSCRIPTION)
        .hasValue("AzureFunction");
    assertThat(BicepText.at(sub, "properties", "retryPolicy"))
        .as("%s: retryPolicy", EVENT_GRID_SUBSCRIPTION)
        .isPresent();
    assertThat(
            BicepText.at(
                    sub,
                    "properties",
                    "deadLetterWithResourceIdentity",
                    "deadLetterDestination",
                    "endpointType")
                .flatMap(BicepText::literal))
        .as("%s: dead-letter to blob storage with the topic's identity", EVENT_GRID_SUBSCRIPTION)
        .hasValue("StorageBlob");
  }

  // ------------------------------------------------------------------------------------------
  // Settings the code reads ↔ Bicep app settings ↔ local.settings.json
  // ------------------------------------------------------------------------------------------

  @Test
  void everySettingTheCodeReadsIsSetInBicepAndLocalSettings() {
    Set<String> bicep = bicepAppSettings().keySet();
    Set<String> local = localSettings().keySet();

    Set<String> missingInBicep = new TreeSet<>(codeSettings());
    missingInBicep.removeAll(bicep);
    Set<String> missingLocally = new TreeSet<>(codeSettings());
    missingLocally.removeAll(local);

    assertThat(missingInBicep)
        .as("settings the code reads (%s) that %s does not set", settingsSource(), FUNCTION)
        .isEmpty();
    assertThat(missingLocally)
        .as("settings the code reads (%s) missing from local.settings.json", settingsSource())
        .isEmpty();
  }

  @Test
  void everyQueueSettingAndItsDefaultNameADeclaredQueue() {
    Map<String, String> settings = bicepAppSettings();
    Set<String> declared = declaredQueues();
    List<String> problems = new ArrayList<>();
    Set<String> named = new TreeSet<>();

    for (String setting : codeSettings()) {
      if (!setting.startsWith("LAKEWIRE_QUEUE_")) {
        continue;
      }
      Optional<String> value =
          Optional.ofNullable(settings.get(setting)).flatMap(BicepText::literal);
      if (value.isEmpty()) {
        problems.add(
            setting + " in " + FUNCTION + " is not a plain queue name: " + settings.get(setting));
        continue;
      }
      named.add(value.get());
      if (!declared.contains(value.get())) {
        problems.add(
            setting + " = '" + value.get() + "' but " + SERVICE_BUS + " declares " + declared);
      }
    }
    for (Map.Entry<String, String> d : queueDefaults().entrySet()) {
      if (!declared.contains(d.getValue())) {
        problems.add(
            "the code's default for "
                + d.getKey()
                + " is '"
                + d.getValue()
                + "', not declared in "
                + SERVICE_BUS);
      }
    }
    Set<String> orphans = new TreeSet<>(declared);
    orphans.removeAll(named);
    if (!orphans.isEmpty()) {
      problems.add(SERVICE_BUS + " declares queues no LAKEWIRE_QUEUE_* setting names: " + orphans);
    }

    assertThat(problems).as("queues vs settings").isEmpty();
  }

  @Test
  void theLedgerTableSettingNamesTheDeclaredTable() {
    Optional<String> table =
        Optional.ofNullable(bicepAppSettings().get("LAKEWIRE_LEDGER_TABLE"))
            .flatMap(BicepText::literal);
    List<String> declared =
        bicep(STORAGE).declared("Microsoft.Storage/storageAccounts/tableServices/tables").stream()
            .map(r -> BicepText.at(r.body(), "name").flatMap(BicepText::literal).orElse(r.body()))
            .toList();

    assertThat(table).as("LAKEWIRE_LEDGER_TABLE in %s", FUNCTION).isPresent();
    assertThat(declared)
        .as("LAKEWIRE_LEDGER_TABLE = '%s' vs the tables %s declares", table.orElse(null), STORAGE)
        .contains(table.get());
    assertThat(table.get())
        .as("LAKEWIRE_LEDGER_TABLE vs the code's default")
        .isEqualTo(Settings.LEDGER_TABLE_DEFAULT);
  }

  @Test
  void appSettingsUseIdentitiesNeverConnectionStringsAndSuitFlexConsumption() {
    Map<String, String> settings = bicepAppSettings();
    List<String> problems = new ArrayList<>();

    for (String key :
        List.of("AzureWebJobsStorage__accountName", "AzureWebJobsStorage__clientId")) {
      if (!settings.containsKey(key)) {
        problems.add(FUNCTION + " lacks " + key);
      }
    }
    if (!Optional.ofNullable(settings.get("AzureWebJobsStorage__credential"))
        .flatMap(BicepText::literal)
        .equals(Optional.of("managedidentity"))) {
      problems.add("AzureWebJobsStorage__credential must be 'managedidentity' in " + FUNCTION);
    }
    if (settings.containsKey("AzureWebJobsStorage")) {
      problems.add("AzureWebJobsStorage (a connection string) must not be set in " + FUNCTION);
    }
    String auth = settings.getOrDefault("APPLICATIONINSIGHTS_AUTHENTICATION_STRING", "");
    if (!BicepText.normalize(auth).equals("'ClientId=${identityClientId};Authorization=AAD'")) {
      problems.add(
          "APPLICATIONINSIGHTS_AUTHENTICATION_STRING must be ClientId=<identity>;Authorization=AAD, is "
              + auth);
    }
    if (!BicepText.literal(settings.getOrDefault("LAKEWIRE_CREDENTIAL", "''"))
        .equals(Optional.of("managed-identity"))) {
      problems.add("LAKEWIRE_CREDENTIAL must be 'managed-identity' in " + FUNCTION);
    }
    for (String key : NOT_ON_FLEX) {
      if (settings.containsKey(key)) {
        problems.add(key + " is not a Flex Consumption app setting (" + FUNCTION + ")");
      }
    }
    BicepText function = bicep(FUNCTION);
    String site = single(function, "Microsoft.Web/sites", FUNCTION).body();
    expectLiteral(
        problems, site, "java", FUNCTION, "properties", "functionAppConfig", "runtime", "name");
    expectLiteral(
        problems, site, "17", FUNCTION, "properties", "functionAppConfig", "runtime", "version");
    expectLiteral(problems, site, "UserAssigned", FUNCTION, "identity", "type");
    expectLiteral(
        problems,
        site,
        "UserAssignedIdentity",
        FUNCTION,
        "properties",
        "functionAppConfig",
        "deployment",
        "storage",
        "authentication",
        "type");
    String plan = single(function, "Microsoft.Web/serverfarms", FUNCTION).body();
    expectLiteral(problems, plan, "FC1", FUNCTION, "sku", "name");
    expectLiteral(problems, plan, "FlexConsumption", FUNCTION, "sku", "tier");
    String appSettingsResource =
        function.declared("Microsoft.Web/sites/config").stream()
            .filter(
                r ->
                    BicepText.at(r.body(), "name")
                        .flatMap(BicepText::literal)
                        .equals(Optional.of("appsettings")))
            .map(BicepText.Resource::body)
            .findFirst()
            .orElse("");
    String props =
        BicepText.at(appSettingsResource, "properties").map(BicepText::normalize).orElse("");
    if (!props.matches("appSettings|union\\(\\s*\\w+\\s*,\\s*appSettings\\s*\\)")) {
      problems.add(
          FUNCTION
              + ": the appsettings resource must apply var appSettings last (it wins), is: "
              + props);
    }

    assertThat(problems).as("app settings").isEmpty();
  }

  // ------------------------------------------------------------------------------------------
  // Operations (issue 12): alerts, action group, saved queries, the agent that fills them
  // ------------------------------------------------------------------------------------------

  /** customDimensions.X and customDimensions["X"] in a query. */
  private static final Pattern DIMENSION =
      Pattern.compile("customDimensions(?:\\.(\\w+)|\\[\"([^\"]+)\"\\])");

  @Test
  void theDeadLetterAlertWatchesEveryDeclaredQueueIncludingTheParkedOne() {
    BicepText alerts = bicep(ALERTS);
    List<String> problems = new ArrayList<>();
    BicepText.Resource rule = single(alerts, "Microsoft.Insights/metricAlerts", ALERTS);
    String criterion =
        BicepText.at(rule.body(), "properties", "criteria", "allOf")
            .flatMap(BicepText::inner)
            .map(BicepText::items)
            .filter(items -> items.size() == 1)
            .flatMap(items -> BicepText.inner(items.get(0)))
            .orElse("");
    expectLiteral(problems, criterion, "DeadletteredMessages", ALERTS, "metricName");
    expectLiteral(
        problems, criterion, "Microsoft.ServiceBus/namespaces", ALERTS, "metricNamespace");
    expectLiteral(problems, criterion, "GreaterThan", ALERTS, "operator");
    if (!BicepText.at(criterion, "threshold").map(String::trim).equals(Optional.of("0"))) {
      problems.add(ALERTS + ": the dead-letter alert's threshold must be 0 (> 0 messages)");
    }
    String dimensions = BicepText.at(criterion, "dimensions").flatMap(BicepText::inner).orElse("");
    boolean splitsByQueue =
        BicepText.items(dimensions).stream()
            .map(d -> BicepText.inner(d).orElse(""))
            .anyMatch(
                d ->
                    BicepText.at(d, "name")
                            .flatMap(BicepText::literal)
                            .equals(Optional.of("EntityName"))
                        && BicepText.at(d, "values")
                            .map(String::trim)
                            .equals(Optional.of("queueNames")));
    if (!splitsByQueue) {
      problems.add(
          ALERTS + ": the dead-letter alert must split by EntityName over param queueNames");
    }
    // main.bicep hands it exactly the queues app/servicebus.bicep declares (a loop over all of
    // them), so a queue added to Queues.java and servicebus.bicep is watched without an edit here.
    String main = bicep(MAIN).code();
    Matcher module =
        Pattern.compile("module\\s+\\w+\\s+'app/alerts\\.bicep'\\s*=\\s*\\{").matcher(main);
    if (!module.find()) {
      problems.add(MAIN + " does not deploy app/alerts.bicep");
    } else {
      String body =
          main.substring(module.end(), BicepText.skipExpression(main, module.end(), '}') - 1);
      if (!BicepText.at(body, "params", "queueNames")
          .map(String::trim)
          .equals(Optional.of("serviceBus.outputs.queueNames"))) {
        problems.add(
            MAIN + ": app/alerts.bicep must get queueNames: serviceBus.outputs.queueNames");
      }
    }
    String output =
        Pattern.compile("(?m)^output\\s+queueNames\\s+array\\s*=\\s*(.*)$")
            .matcher(bicep(SERVICE_BUS).code())
            .results()
            .map(r -> r.group(1).trim())
            .findFirst()
            .orElse("");
    if (!output.matches(
        "\\[\\s*for\\s*\\(\\s*\\w+\\s*,\\s*(\\w+)\\s*\\)\\s+in\\s+queueNames\\s*:.*\\]")) {
      problems.add(
          SERVICE_BUS + ": output queueNames must list every declared queue, is " + output);
    }
    Set<String> declared = declaredQueues();
    Set<String> expected = new TreeSet<>(queueDefaults().values());
    expected.add(Settings.PARKED_QUEUE_DEFAULT);
    if (!declared.containsAll(expected)) {
      problems.add(SERVICE_BUS + " declares " + declared + ", not all of " + expected);
    }

    assertThat(problems).as("dead-letter alert").isEmpty();
  }

  @Test
  void theFailedOnboardingAlertAndTheSavedQueriesReadDimensionsTheCodeSets() {
    BicepText alerts = bicep(ALERTS);
    List<String> problems = new ArrayList<>();
    Set<String> codeDimensions = new TreeSet<>();
    for (java.lang.reflect.Field f : StepLogContext.class.getFields()) {
      if (f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
        try {
          codeDimensions.add((String) f.get(null));
        } catch (IllegalAccessException e) {
          throw new AssertionError(e);
        }
      }
    }
    String raw = alerts.raw();
    Set<String> used = new TreeSet<>();
    DIMENSION
        .matcher(raw)
        .results()
        .forEach(r -> used.add(r.group(1) != null ? r.group(1) : r.group(2)));
    Set<String> unknown = new TreeSet<>(used);
    unknown.removeAll(codeDimensions);
    if (!unknown.isEmpty()) {
      problems.add(
          ALERTS
              + " queries customDimensions "
              + unknown
              + " that StepLogContext never sets "
              + codeDimensions);
    }
    BicepText.Resource rule = single(alerts, "Microsoft.Insights/scheduledQueryRules", ALERTS);
    String query = alerts.var("failedQuery").orElse("");
    if (!BicepText.at(rule.body(), "properties", "criteria").orElse("").contains("failedQuery")
        || !query.contains("customDimensions." + StepLogContext.OUTCOME + ") == \"FAILED\"")) {
      problems.add(ALERTS + ": the scheduled query rule must alert on outcome == \"FAILED\"");
    }
    if (!BicepText.at(rule.body(), "properties", "scopes")
        .orElse("")
        .contains("applicationInsightsId")) {
      problems.add(ALERTS + ": the FAILED alert must query the Application Insights component");
    }
    for (String type :
        List.of(
            "Microsoft.Insights/actionGroups",
            "Microsoft.OperationalInsights/queryPacks",
            "Microsoft.OperationalInsights/queryPacks/queries")) {
      if (alerts.declared(type).isEmpty()) {
        problems.add(ALERTS + " declares no " + type);
      }
    }
    for (BicepText.Resource r : alerts.resources("Microsoft.Insights")) {
      if (r.type().equalsIgnoreCase("Microsoft.Insights/actionGroups")) {
        continue;
      }
      if (!r.body().contains("actionGroup.id")) {
        problems.add(ALERTS + ": " + r.symbol() + " does not notify the action group");
      }
    }
    BicepText.Param email = bicep(MAIN).params().get("alertEmail");
    if (email == null || !email.defaultValue().map(String::trim).equals(Optional.of("''"))) {
      problems.add(MAIN + " must have param alertEmail string = '' (empty allowed)");
    }
    if (!Optional.ofNullable(bicepAppSettings().get("APPLICATIONINSIGHTS_ENABLE_AGENT"))
        .flatMap(BicepText::literal)
        .equals(Optional.of("true"))) {
      problems.add(
          FUNCTION
              + " must set APPLICATIONINSIGHTS_ENABLE_AGENT = 'true': the agent turns the MDC into customDimensions");
    }

    assertThat(problems).as("operations alerts and queries").isEmpty();
  }

  // ------------------------------------------------------------------------------------------
  // Service Bus
  // ------------------------------------------------------------------------------------------

  @Test
  void theServiceBusNamespaceIsStandardWithoutKeysAndQueuesDetectDuplicates() {
    BicepText bicep = bicep(SERVICE_BUS);
    List<String> problems = new ArrayList<>();
    String ns = single(bicep, "Microsoft.ServiceBus/namespaces", SERVICE_BUS).body();
    Optional<String> sku = BicepText.at(ns, "sku", "name").flatMap(BicepText::literal);
    if (sku.isEmpty() || !List.of("Standard", "Premium").contains(sku.get())) {
      problems.add(SERVICE_BUS + ": duplicate detection needs sku Standard or Premium, is " + sku);
    }
    expectRaw(problems, ns, "true", SERVICE_BUS, "properties", "disableLocalAuth");

    String queue = single(bicep, "Microsoft.ServiceBus/namespaces/queues", SERVICE_BUS).body();
    expectRaw(problems, queue, "true", SERVICE_BUS, "properties", "requiresDuplicateDetection");
    expectRaw(
        problems, queue, "true", SERVICE_BUS, "properties", "deadLetteringOnMessageExpiration");
    for (String key :
        List.of("maxDeliveryCount", "lockDuration", "duplicateDetectionHistoryTimeWindow")) {
      if (BicepText.at(queue, "properties", key).isEmpty()) {
        problems.add(SERVICE_BUS + ": queues must set properties." + key);
      }
    }
    assertThat(problems).as("Service Bus").isEmpty();
  }

  // ------------------------------------------------------------------------------------------
  // Roles
  // ------------------------------------------------------------------------------------------

  @Test
  void everyRoleGuidIsAVerifiedBuiltInRoleNamedInAComment() {
    List<String> problems = new ArrayList<>();
    for (Path file : infraFiles(".bicep")) {
      String[] lines = read(file).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = QUOTED_GUID.matcher(lines[i]);
        while (m.find()) {
          String guid = m.group(1).toLowerCase(Locale.ROOT);
          String where = ROOT.relativize(file) + ":" + (i + 1);
          String expected = VERIFIED_ROLES.get(guid);
          if (FORBIDDEN_ROLES.containsKey(guid)) {
            problems.add(where + " uses " + FORBIDDEN_ROLES.get(guid) + " (" + guid + ")");
          } else if (expected == null) {
            problems.add(where + " has GUID " + guid + ", not a verified built-in role");
          } else {
            int comment = lines[i].indexOf("//", m.end());
            String named = comment < 0 ? "" : lines[i].substring(comment + 2).trim();
            if (!named.equals(expected)) {
              problems.add(
                  where
                      + ": "
                      + guid
                      + " is '"
                      + expected
                      + "' but the comment says '"
                      + named
                      + "'");
            }
          }
        }
      }
    }
    assertThat(problems).as("role GUIDs in infra/").isEmpty();
  }

  @Test
  void noInfraFileMentionsOwnerOrUserAccessAdministrator() {
    List<String> problems = new ArrayList<>();
    for (Path file : infraFiles("")) {
      String text = read(file).toLowerCase(Locale.ROOT);
      FORBIDDEN_ROLES.forEach(
          (guid, name) -> {
            if (text.contains(guid)) {
              problems.add(ROOT.relativize(file) + " mentions " + name + " (" + guid + ")");
            }
          });
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theGrantableRolesInBicepAreExactlyBuiltInRole() {
    Map<String, String> bicepMap = new TreeMap<>();
    String map =
        bicep(MAIN)
            .var("storageRoleGuidsByName")
            .orElseThrow(() -> new AssertionError(MAIN + " has no var storageRoleGuidsByName"));
    BicepText.entries(BicepText.inner(map).orElseThrow())
        .forEach(
            (k, v) -> bicepMap.put(k, BicepText.literal(v).orElse(v).toLowerCase(Locale.ROOT)));
    Map<String, String> code = new TreeMap<>();
    for (BuiltInRole r : BuiltInRole.values()) {
      code.put(r.displayName(), r.guid().toLowerCase(Locale.ROOT));
    }

    assertThat(bicepMap)
        .as("%s storageRoleGuidsByName vs dev.lakewire.onboarding.policy.BuiltInRole", MAIN)
        .isEqualTo(code);
    code.forEach(
        (name, guid) ->
            assertThat(VERIFIED_ROLES.get(guid))
                .as("BuiltInRole %s has GUID %s; the built-in roles reference says", name, guid)
                .isEqualTo(name));
  }

  @Test
  void theAbacConditionAllowsExactlyTheSelectedRolesAndTheTagRolesForServicePrincipals() {
    BicepText main = bicep(MAIN);
    assertThat(main.var("selectedStorageRoleGuids").map(BicepText::normalize))
        .as(
            "%s: the ABAC roles must be the selected names mapped through storageRoleGuidsByName",
            MAIN)
        .hasValue("[for r in selectedStorageRoleNames: storageRoleGuidsByName[r]]");
    String code = BicepText.normalize(main.code());
    assertThat(main.var("tagRoleGuids").map(BicepText::normalize))
        .as("%s: the roles a lakewire:roles tag may add, mapped the same way", MAIN)
        .hasValue("[for r in tagRoleNames: storageRoleGuidsByName[r]]");
    assertThat(main.var("assignableStorageRoleGuids").map(BicepText::normalize))
        .hasValue("union(selectedStorageRoleGuids, tagRoleGuids)");
    assertThat(code)
        .as("%s: each storage account gets the selected and the tag roles' GUIDs", MAIN)
        .contains("roleGuids: assignableStorageRoleGuids");
    assertThat(main.var("grantedStorageAccountIds").map(BicepText::normalize))
        .as("%s: the accounts a lakewire:storage tag may choose get the same grant", MAIN)
        .hasValue("union(storageTargetAccountIds, tagStorageAccountIds)");
    assertThat(code).contains("for (accountId, i) in grantedStorageAccountIds:");
    assertThat(code)
        .as("%s: LAKEWIRE_STORAGE_ROLES is the same selection", MAIN)
        .contains("storageRoles: join(selectedStorageRoleNames, ',')");
    String defaultRoles =
        main.params().get("storageRoles").defaultValue().flatMap(BicepText::literal).orElseThrow();
    for (String name : defaultRoles.split(",")) {
      assertThat(BuiltInRole.parse("storageRoles", name)).isNotNull();
    }

    // Render the condition for every role lakewire may grant and compare it with the documented
    // "Constrain roles and principal types" condition.
    List<String> guids = Arrays.stream(BuiltInRole.values()).map(BuiltInRole::guid).toList();
    String rendered = renderCondition(guids);
    String set = "{" + String.join(", ", guids) + "}";
    String expected =
        "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR "
            + "(@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals "
            + set
            + " AND @Request[Microsoft.Authorization/roleAssignments:PrincipalType] "
            + "ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'})) AND "
            + "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'})) OR "
            + "(@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals "
            + set
            + " AND @Resource[Microsoft.Authorization/roleAssignments:PrincipalType] "
            + "ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))";
    assertThat(rendered).as("the ABAC condition of %s", STORAGE_TARGET).isEqualTo(expected);

    String assignment =
        single(bicep(STORAGE_TARGET), "Microsoft.Authorization/roleAssignments", STORAGE_TARGET)
            .body();
    List<String> problems = new ArrayList<>();
    expectRaw(problems, assignment, "condition", STORAGE_TARGET, "properties", "condition");
    expectLiteral(problems, assignment, "2.0", STORAGE_TARGET, "properties", "conditionVersion");
    expectLiteral(
        problems, assignment, "ServicePrincipal", STORAGE_TARGET, "properties", "principalType");
    Optional<String> roleVar =
        bicep(STORAGE_TARGET).var("rbacAdministrator").flatMap(BicepText::literal);
    if (!roleVar.equals(Optional.of("f58310d9-a9f6-439a-9e8d-f62e7b41a168"))) {
      problems.add(
          STORAGE_TARGET
              + ": the delegated role must be Role Based Access Control Administrator, is "
              + roleVar);
    }
    assertThat(problems).as("the constrained RBAC Administrator assignment").isEmpty();
  }

  @Test
  void theConnectorRoleHasOnlyTheAccessConnectorAndWorkspaceReadActions() {
    String role =
        single(bicep(CONNECTOR_ROLE), "Microsoft.Authorization/roleDefinitions", CONNECTOR_ROLE)
            .body();
    String permissions = BicepText.at(role, "properties", "permissions").orElse("[]");
    List<String> blocks = BicepText.items(BicepText.inner(permissions).orElseThrow());
    assertThat(blocks).as("%s permissions", CONNECTOR_ROLE).hasSize(1);
    Map<String, String> block = BicepText.entries(BicepText.inner(blocks.get(0)).orElseThrow());
    assertThat(literals(block.get("actions")))
        .as("%s actions", CONNECTOR_ROLE)
        .containsExactlyInAnyOrder(
            "Microsoft.Databricks/accessConnectors/read",
            "Microsoft.Databricks/accessConnectors/write",
            "Microsoft.Databricks/accessConnectors/delete",
            "Microsoft.Databricks/workspaces/read");
    assertThat(literals(block.get("dataActions"))).as("%s dataActions", CONNECTOR_ROLE).isEmpty();
  }

  // ------------------------------------------------------------------------------------------
  // azd wiring
  // ------------------------------------------------------------------------------------------

  @Test
  void azureYamlDeploysThisProjectAsAJavaFunctionFromThePackagedFolder() {
    String yaml = read(AZURE_YAML);
    Path appDir = functionAppDir();
    String dist = ROOT.relativize(appDir).toString().replace('\\', '/');
    List<String> problems = new ArrayList<>();
    for (String line : List.of("project: .", "language: java", "host: function", "dist: " + dist)) {
      if (!Pattern.compile("(?m)^\\s+" + Pattern.quote(line) + "\\s*$").matcher(yaml).find()) {
        problems.add("azure.yaml lacks '" + line + "'");
      }
    }
    for (Path hook : List.of(HOOK_SH, HOOK_PS1)) {
      String run = "./" + hook.toString().replace('\\', '/');
      if (!yaml.contains("run: " + run)) {
        problems.add("azure.yaml does not run the postdeploy hook " + run);
      }
      if (!Files.isRegularFile(ROOT.resolve(hook))) {
        problems.add(hook + " does not exist");
      }
    }
    assertThat(problems).as("azure.yaml").isEmpty();
  }

  @Test
  void everyAzdValueTheHooksReadIsAnOutputOfMainBicep() {
    Set<String> outputs = new LinkedHashSet<>(bicep(MAIN).outputs());
    Set<String> read = new TreeSet<>();
    for (Path hook : List.of(HOOK_SH, HOOK_PS1)) {
      Matcher m = Pattern.compile("\\b((?:AZURE|EVENTGRID)_[A-Z_]+)\\b").matcher(read(hook));
      while (m.find()) {
        read.add(m.group(1));
      }
    }
    read.remove("AZURE_ENV_NAME"); // set by azd itself
    read.removeAll(outputs);
    assertThat(read).as("values the postdeploy hooks read that %s does not output", MAIN).isEmpty();
    assertThat(outputs)
        .as("%s outputs for azd", MAIN)
        .contains(
            "AZURE_FUNCTION_NAME",
            "AZURE_FUNCTION_URL",
            "AZURE_SERVICEBUS_NAMESPACE",
            "AZURE_RESOURCE_GROUP",
            "AZURE_IDENTITY_CLIENT_ID",
            "AZURE_IDENTITY_PRINCIPAL_ID");
  }

  // ------------------------------------------------------------------------------------------
  // Secrets
  // ------------------------------------------------------------------------------------------

  @Test
  void nothingSecretLookingIsCommitted() {
    Map<String, Pattern> rules = new LinkedHashMap<>();
    rules.put("a storage account key", Pattern.compile("(?i)AccountKey\\s*="));
    rules.put("a SAS / Service Bus key", Pattern.compile("(?i)SharedAccess(Key|Signature)"));
    rules.put("a storage connection string", Pattern.compile("(?i)DefaultEndpointsProtocol\\s*="));
    rules.put("a Service Bus connection string", Pattern.compile("(?i)Endpoint\\s*=\\s*sb://"));
    rules.put("an instrumentation key", Pattern.compile("(?i)InstrumentationKey\\s*="));
    rules.put(
        "a listKeys-style call",
        Pattern.compile(
            "(?i)\\blist(Keys|ConnectionStrings|Secrets|AccountSas|ServiceSas)\\s*\\("));
    rules.put(
        "a password",
        Pattern.compile("(?i)\"?(password|pwd|client_?secret)\"?\\s*[:=]\\s*['\"][^'\"<]"));

    List<Path> files = new ArrayList<>(infraFiles(""));
    files.add(ROOT.resolve(LOCAL_SETTINGS));
    files.add(ROOT.resolve(AZURE_YAML));
    List<String> problems = new ArrayList<>();
    Pattern base64 = Pattern.compile("[A-Za-z0-9+/]{40,}={0,2}");
    for (Path file : files) {
      String[] lines = read(file).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String where = ROOT.relativize(file) + ":" + (i + 1);
        for (Map.Entry<String, Pattern> rule : rules.entrySet()) {
          if (rule.getValue().matcher(lines[i]).find()) {
            problems.add(where + " looks like " + rule.getKey() + ": " + lines[i].trim());
          }
        }
        Matcher b = base64.matcher(lines[i]);
        while (b.find()) {
          String token = b.group();
          if (token.matches(".*\\d.*")
              && token.matches(".*[a-z].*")
              && token.matches(".*[A-Z].*")) {
            problems.add(where + " has a long base64-like string: " + token);
          }
        }
      }
    }
    Pattern secretName =
        Pattern.compile(
            "(?i).*(password|secret|token|apikey|accesskey|accountkey|sharedkey|connectionstring|sas).*");
    for (Path file : infraFiles(".bicep")) {
      BicepText bicep = bicep(file);
      for (BicepText.Param p : bicep.params().values()) {
        if (secretName.matcher(p.name()).matches() && !p.decorators().contains("@secure()")) {
          problems.add(
              ROOT.relativize(file) + ": param " + p.name() + " looks secret but is not @secure()");
        }
      }
      for (String output : bicep.outputs()) {
        if (secretName.matcher(output).matches()) {
          problems.add(ROOT.relativize(file) + ": output " + output + " looks secret");
        }
      }
    }
    assertThat(problems)
        .as("secret-looking text in infra/, azure.yaml, local.settings.json")
        .isEmpty();
  }

  // ------------------------------------------------------------------------------------------
  // Helpers
  // ------------------------------------------------------------------------------------------

  private interface BindingVisitor {
    void visit(String function, JsonNode binding);
  }

  private static Path functionAppDir() {
    String dir = System.getProperty("functionAppDir");
    if (dir == null) {
      fail(
          "system property functionAppDir is not set: run this test with ./mvnw verify (failsafe)");
    }
    Path p = Path.of(dir).toAbsolutePath();
    if (!Files.isDirectory(p)) {
      fail(p + " does not exist: `package` (azure-functions-maven-plugin) must run first");
    }
    return p;
  }

  private static Map<String, JsonNode> functionJsons() {
    Map<String, JsonNode> out = new TreeMap<>();
    try (Stream<Path> dirs = Files.list(functionAppDir())) {
      for (Path d : dirs.sorted().toList()) {
        Path json = d.resolve("function.json");
        if (Files.isRegularFile(json)) {
          out.put(d.getFileName().toString(), JSON.readTree(json.toFile()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.isEmpty()) {
      fail("no function.json under " + functionAppDir() + ": did `package` generate them?");
    }
    return out;
  }

  private static void forEachBinding(BindingVisitor visitor) {
    functionJsons()
        .forEach(
            (function, json) -> {
              for (JsonNode binding : json.path("bindings")) {
                visitor.visit(function, binding);
              }
            });
  }

  private static Map<String, List<String>> bindingTypesByFunction() {
    Map<String, List<String>> out = new TreeMap<>();
    functionJsons()
        .forEach(
            (function, json) -> {
              List<String> types = new ArrayList<>();
              json.path("bindings").forEach(b -> types.add(b.path("type").asText()));
              out.put(function, types);
            });
    return out;
  }

  /** The entries of {@code var appSettings} in app/function.bicep. */
  private static Map<String, String> bicepAppSettings() {
    String expr =
        bicep(FUNCTION)
            .var("appSettings")
            .orElseThrow(() -> new AssertionError(FUNCTION + " has no var appSettings"));
    return BicepText.entries(
        BicepText.inner(expr)
            .orElseThrow(() -> new AssertionError("appSettings is not an object")));
  }

  /** The queues app/servicebus.bicep declares (literal names, or a loop over a literal array). */
  private static Set<String> declaredQueues() {
    BicepText bicep = bicep(SERVICE_BUS);
    Set<String> out = new TreeSet<>();
    for (BicepText.Resource q : bicep.declared("Microsoft.ServiceBus/namespaces/queues")) {
      String name = BicepText.at(q.body(), "name").orElseThrow();
      Optional<String> literal = BicepText.literal(name);
      if (literal.isPresent()) {
        out.add(literal.get());
        continue;
      }
      Matcher loop = Pattern.compile("for\\s+(\\w+)\\s+in\\s+(\\w+)\\s*:").matcher(q.header());
      if (!loop.find() || !loop.group(1).equals(name.trim())) {
        fail(
            SERVICE_BUS
                + ": cannot read the queue name '"
                + name
                + "' (use literals or a loop over a var)");
      }
      String array =
          bicep
              .var(loop.group(2))
              .orElseThrow(() -> new AssertionError(SERVICE_BUS + " has no var " + loop.group(2)));
      out.addAll(literals(array));
    }
    if (out.isEmpty()) {
      fail(SERVICE_BUS + " declares no queue");
    }
    return out;
  }

  /** Every setting the production code reads. */
  private static Set<String> codeSettings() {
    Set<String> out = new LinkedHashSet<>();
    out.addAll(Settings.SETTINGS);
    out.add(Queues.NAMESPACE_SETTING);
    out.add(Queues.CREATE_ACCESS_CONNECTOR_SETTING);
    out.add(Queues.ASSIGN_STORAGE_ROLES_SETTING);
    out.add(Queues.BIND_METASTORE_SETTING);
    out.add(Queues.REPROCESS_SETTING);
    out.add(Queues.REMOVE_STORAGE_ROLES_SETTING);
    out.add(Queues.REMOVE_CATALOG_OBJECTS_SETTING);
    out.add(Queues.REMOVE_ACCESS_CONNECTOR_SETTING);
    out.addAll(OnboardingPolicy.SETTINGS);
    return out;
  }

  private static String settingsSource() {
    return "dev.lakewire.app.Settings.SETTINGS";
  }

  /** The code's default queue names, by setting. */
  private static Map<String, String> queueDefaults() {
    Map<String, String> out = new TreeMap<>();
    out.put(Queues.CREATE_ACCESS_CONNECTOR_SETTING, Queues.CREATE_ACCESS_CONNECTOR_DEFAULT);
    out.put(Queues.ASSIGN_STORAGE_ROLES_SETTING, Queues.ASSIGN_STORAGE_ROLES_DEFAULT);
    out.put(Queues.BIND_METASTORE_SETTING, Queues.BIND_METASTORE_DEFAULT);
    out.put(Queues.REPROCESS_SETTING, Queues.REPROCESS_DEFAULT);
    out.put(Queues.REMOVE_STORAGE_ROLES_SETTING, Queues.REMOVE_STORAGE_ROLES_DEFAULT);
    out.put(Queues.REMOVE_CATALOG_OBJECTS_SETTING, Queues.REMOVE_CATALOG_OBJECTS_DEFAULT);
    out.put(Queues.REMOVE_ACCESS_CONNECTOR_SETTING, Queues.REMOVE_ACCESS_CONNECTOR_DEFAULT);
    out.put(Settings.PARKED_QUEUE, Settings.PARKED_QUEUE_DEFAULT);
    return out;
  }

  private static Map<String, String> localSettings() {
    try {
      JsonNode values = JSON.readTree(ROOT.resolve(LOCAL_SETTINGS).toFile()).path("Values");
      Map<String, String> out = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = values.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.put(e.getKey(), e.getValue().asText());
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ABAC condition of storage-target-access.bicep, rendered for these role GUIDs. */
  private static String renderCondition(List<String> roleGuids) {
    Map<String, String> vars = bicep(STORAGE_TARGET).vars();
    Map<String, String> rendered = new LinkedHashMap<>();
    rendered.put("join(roleGuids, ', ')", String.join(", ", roleGuids));
    for (String name :
        List.of("roleSet", "principalTypes", "writeBranch", "deleteBranch", "condition")) {
      String expr = vars.get(name);
      if (expr == null) {
        fail(STORAGE_TARGET + " has no var " + name);
      }
      rendered.put(name, BicepText.render(expr, rendered::get));
    }
    return rendered.get("condition");
  }

  private static BicepText.Resource single(BicepText bicep, String type, Path file) {
    List<BicepText.Resource> found = bicep.declared(type);
    if (found.size() != 1) {
      fail(file + " must declare exactly one " + type + ", declares " + found.size());
    }
    return found.get(0);
  }

  private static List<String> literals(String arrayExpr) {
    return BicepText.inner(arrayExpr).map(BicepText::items).orElse(List.of()).stream()
        .map(i -> BicepText.literal(i).orElse("<not a literal: " + i + ">"))
        .toList();
  }

  private static void expectLiteral(
      List<String> problems, String body, String expected, Path file, String... path) {
    Optional<String> actual = BicepText.at(body, path).flatMap(BicepText::literal);
    if (!actual.equals(Optional.of(expected))) {
      problems.add(
          file + ": " + String.join(".", path) + " must be '" + expected + "', is " + actual);
    }
  }

  private static void expectRaw(
      List<String> problems, String body, String expected, Path file, String... path) {
    Optional<String> actual = BicepText.at(body, path).map(String::trim);
    if (!actual.equals(Optional.of(expected))) {
      problems.add(
          file + ": " + String.join(".", path) + " must be " + expected + ", is " + actual);
    }
  }

  private static List<Path> infraFiles(String suffix) {
    try (Stream<Path> files = Files.walk(ROOT.resolve(INFRA))) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(suffix))
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BicepText bicep(Path file) {
    return BicepText.read(ROOT.resolve(file));
  }

  private static String read(Path file) {
    try {
      return Files.readString(ROOT.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
