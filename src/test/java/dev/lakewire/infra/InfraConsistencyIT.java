package dev.lakewire.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.onboarding.message.Facts;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.worker.StepLogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * Fails when the infrastructure ({@code azure.yaml}, {@code infra/**}, {@code local.settings.json})
 * and the code disagree. The facts both sides need (queues, setting names, role GUIDs, the Event
 * Grid events) live once in {@code infra/facts.json}: Bicep loads it with {@code loadJsonContent},
 * the code reads it as a resource ({@link Facts}). So this test only checks that every Bicep module
 * takes those facts from that file and repeats none of them, that the generated {@code
 * function.json} files (bindings) bind settings the file names, and a few security properties with
 * plain text matches. Runs in {@code verify} (failsafe), after {@code package} generated {@code
 * target/azure-functions/<app>}; failsafe passes that folder as the system property {@code
 * functionAppDir}.
 */
class InfraConsistencyIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Facts FACTS = Facts.get();

  private static final Path ROOT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final Path INFRA = Path.of("infra");
  private static final Path FACTS_FILE = INFRA.resolve("facts.json");
  private static final Path MAIN = INFRA.resolve("main.bicep");
  private static final Path FUNCTION = INFRA.resolve("app/function.bicep");
  private static final Path SERVICE_BUS = INFRA.resolve("app/servicebus.bicep");
  private static final Path STORAGE_TARGET = INFRA.resolve("app/storage-target-access.bicep");
  private static final Path CONNECTOR_ROLE = INFRA.resolve("app/connector-role.bicep");
  private static final Path EVENT_GRID = INFRA.resolve("eventgrid.bicep");
  private static final Path EVENT_GRID_SUBSCRIPTION =
      INFRA.resolve("app/eventgrid-subscription.bicep");
  private static final Path ALERTS = INFRA.resolve("app/alerts.bicep");
  private static final Path HOOK_SH = INFRA.resolve("hooks/postdeploy.sh");
  private static final Path HOOK_PS1 = INFRA.resolve("hooks/postdeploy.ps1");
  private static final Path AZURE_YAML = Path.of("azure.yaml");
  private static final Path LOCAL_SETTINGS = Path.of("local.settings.json");

  /**
   * What each module takes from facts.json: a module that declares queues, sets app settings,
   * assigns roles or filters events must do it from the file.
   */
  static final Map<Path, List<String>> FACTS_USED =
      Map.of(
          MAIN,
          List.of("facts.grantableStorageRoles", "facts.builtInRoles"),
          FUNCTION,
          List.of("union(facts.queues, {", "LAKEWIRE_LEDGER_TABLE: facts.ledgerTable"),
          SERVICE_BUS,
          List.of("map(items(facts.queues)", "facts.builtInRoles"),
          ALERTS,
          List.of("map(items(facts.queues)"),
          INFRA.resolve("app/storage.bicep"),
          List.of("facts.ledgerTable", "facts.builtInRoles"),
          STORAGE_TARGET,
          List.of("facts.builtInRoles"),
          EVENT_GRID_SUBSCRIPTION,
          List.of("facts.workspaceEvents.onboarding", "facts.workspaceEvents.offboarding"));

  /**
   * Built-in role definition GUIDs as the Azure built-in roles reference lists them
   * (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles): the witness
   * facts.json's {@code builtInRoles} is checked against.
   */
  static final Map<String, String> VERIFIED_ROLES =
      Map.ofEntries(
          Map.entry("Storage Blob Data Contributor", "ba92f5b4-2d11-453d-a403-e96b0029c9fe"),
          Map.entry("Storage Blob Data Reader", "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1"),
          Map.entry("Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88"),
          Map.entry("Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b"),
          Map.entry("Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"),
          Map.entry("Azure Service Bus Data Sender", "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39"),
          Map.entry("Azure Service Bus Data Receiver", "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0"),
          Map.entry("Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb"),
          Map.entry(
              "Role Based Access Control Administrator", "f58310d9-a9f6-439a-9e8d-f62e7b41a168"),
          Map.entry("Contributor", "b24988ac-6180-42a0-ab88-20f7382dd24c"),
          Map.entry("Managed Identity Operator", "f1a07417-d97a-45cb-824c-7a7467783830"),
          Map.entry("EventGrid Data Sender", "d5a91429-5739-47e2-a06b-3470a27159e7"));

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

  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern LOAD_JSON = Pattern.compile("loadJsonContent\\('([^']+)'\\)");
  private static final Pattern SETTING_REFERENCE = Pattern.compile("^%(.+)%$");

  // ------------------------------------------------------------------------------------------
  // facts.json ↔ Bicep
  // ------------------------------------------------------------------------------------------

  @Test
  void everyModuleThatUsesTheFactsLoadsTheOneFile() {
    List<String> problems = new ArrayList<>();
    Set<Path> users = new TreeSet<>();
    for (Path file : infraFiles(".bicep")) {
      String text = read(file);
      Matcher load = LOAD_JSON.matcher(text);
      while (load.find()) {
        Path target = file.getParent().resolve(load.group(1)).normalize();
        if (target.getFileName().toString().equals("facts.json")
            && !target.equals(ROOT.resolve(FACTS_FILE))) {
          problems.add(ROOT.relativize(file) + " loads " + load.group(1) + ", not " + FACTS_FILE);
        }
      }
      if (text.contains("facts.")) {
        users.add(ROOT.relativize(file));
        Path expected = file.getParent().relativize(ROOT.resolve(FACTS_FILE));
        String loadLine = "var facts = loadJsonContent('" + expected.toString().replace('\\', '/');
        if (!text.contains(loadLine + "')")) {
          problems.add(ROOT.relativize(file) + " uses facts.* without " + loadLine + "')");
        }
      }
    }
    FACTS_USED.forEach(
        (file, uses) -> {
          for (String use : uses) {
            if (!read(file).contains(use)) {
              problems.add(file + " must take its values from facts.json: " + use);
            }
          }
        });
    assertThat(problems).as("modules and infra/facts.json").isEmpty();
    assertThat(users).as("modules loading facts.json").containsAll(FACTS_USED.keySet());
  }

  @Test
  void theDeployableCarriesTheFactsFileTheCodeReads() throws IOException {
    List<Path> jars;
    try (Stream<Path> files = Files.list(functionAppDir())) {
      jars = files.filter(f -> f.toString().endsWith(".jar")).toList();
    }
    assertThat(jars).as("the app's jar in %s", functionAppDir()).hasSize(1);
    try (ZipFile jar = new ZipFile(jars.get(0).toFile())) {
      ZipEntry entry = jar.getEntry(Facts.RESOURCE.substring(1));
      assertThat(entry).as("%s in %s", Facts.RESOURCE, jars.get(0)).isNotNull();
      try (InputStream in = jar.getInputStream(entry)) {
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
            .as("%s packaged vs %s", Facts.RESOURCE, FACTS_FILE)
            .isEqualTo(read(FACTS_FILE));
      }
    }
  }

  @Test
  void noBicepFileRepeatsAFactOrHardCodesAGuid() {
    Set<String> facts = new TreeSet<>(FACTS.queues().values());
    facts.add(FACTS.ledgerTable());
    facts.addAll(FACTS.builtInRoles().values());
    // (not the operation names: the custom roles list the same strings as RBAC actions)
    facts.add(FACTS.onboarding().eventType());
    facts.add(FACTS.offboarding().eventType());
    List<String> problems = new ArrayList<>();
    for (Path file : infraFiles(".bicep")) {
      String[] lines = read(file).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String where = ROOT.relativize(file) + ":" + (i + 1);
        for (String fact : facts) {
          if (lines[i].contains("'" + fact + "'")) {
            problems.add(where + " repeats '" + fact + "' of " + FACTS_FILE);
          }
        }
        if (GUID.matcher(lines[i]).find()) {
          problems.add(where + " has a GUID literal (role GUIDs belong in " + FACTS_FILE + ")");
        }
      }
    }
    assertThat(problems).as("literals in .bicep files").isEmpty();
  }

  @Test
  void everyBuiltInRoleOfTheFactsIsTheOneAzureDocumentsAndNoneIsForbidden() {
    Map<String, String> lower = new TreeMap<>();
    FACTS.builtInRoles().forEach((name, guid) -> lower.put(name, guid.toLowerCase(Locale.ROOT)));
    assertThat(lower)
        .as("%s builtInRoles vs the built-in roles reference", FACTS_FILE)
        .isEqualTo(new TreeMap<>(VERIFIED_ROLES));
    assertThat(FACTS.builtInRoles().keySet()).containsAll(FACTS.grantableStorageRoles());
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

  // ------------------------------------------------------------------------------------------
  // function.json and local.settings.json ↔ facts.json ↔ app/function.bicep
  // ------------------------------------------------------------------------------------------

  @Test
  void everySettingOfTheFactsIsSetInBicepAndLocalSettings() {
    Set<String> bicep = bicepAppSettings().keySet();
    Map<String, String> local = localSettings();
    List<String> problems = new ArrayList<>();
    for (String setting : FACTS.appSettings()) {
      if (!bicep.contains(setting)) {
        problems.add(FUNCTION + " does not set " + setting + " (" + FACTS_FILE + " appSettings)");
      }
      if (!local.containsKey(setting)) {
        problems.add("local.settings.json does not set " + setting);
      }
    }
    FACTS
        .queues()
        .forEach(
            (setting, queue) -> {
              if (!queue.equals(local.get(setting))) {
                problems.add(
                    setting + " is '" + local.get(setting) + "' locally, '" + queue + "' in facts");
              }
            });
    assertThat(problems).as("settings vs infra").isEmpty();
  }

  @Test
  void everyQueueAFunctionBindsIsAQueueOfTheFacts() {
    List<String> problems = new ArrayList<>();
    List<String> bound = new ArrayList<>();
    forEachBinding(
        (function, binding) -> {
          if (!binding.has("queueName")) {
            return;
          }
          String queueName = binding.get("queueName").asText();
          bound.add(queueName);
          Matcher m = SETTING_REFERENCE.matcher(queueName);
          if (m.matches()
              ? !FACTS.queues().containsKey(m.group(1))
              : !FACTS.queues().containsValue(queueName)) {
            problems.add(function + " binds queue " + queueName + ", not in " + FACTS_FILE);
          }
        });
    assertThat(bound).as("Service Bus bindings").isNotEmpty();
    assertThat(problems).as("queue bindings vs infra").isEmpty();
  }

  @Test
  void everyScheduleAFunctionBindsIsASettingOfTheFactsSetLocally() {
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
          Matcher m = SETTING_REFERENCE.matcher(schedule);
          // the host refuses to index a timer whose %SETTING% is missing: infra must set it
          if (!m.matches() || !FACTS.appSettings().contains(m.group(1))) {
            problems.add(function + " binds schedule " + schedule + ", not a facts.json setting");
          } else if (local.getOrDefault(m.group(1), "").isBlank()) {
            problems.add(function + " binds " + schedule + " but local.settings.json has none");
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
          if (!FACTS.appSettings().contains(fqns) || !local.containsKey(fqns)) {
            problems.add(function + " uses " + c + " but facts/local settings lack " + fqns);
          }
          if (!"'managedidentity'".equals(settings.get(c + "__credential"))) {
            problems.add(c + "__credential must be 'managedidentity' in " + FUNCTION);
          }
          if (!settings.containsKey(c + "__clientId") || settings.containsKey(c)) {
            problems.add(FUNCTION + " must set " + c + "__clientId and no " + c);
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
  void appSettingsUseIdentitiesNeverConnectionStringsAndSuitFlexConsumption() {
    Map<String, String> settings = bicepAppSettings();
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("AzureWebJobsStorage__credential", "'managedidentity'");
    expected.put("LAKEWIRE_CREDENTIAL", "'managed-identity'");
    expected.put(
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "'ClientId=${identityClientId};Authorization=AAD'");
    // the agent turns the step worker's MDC into the customDimensions app/alerts.bicep queries
    expected.put("APPLICATIONINSIGHTS_ENABLE_AGENT", "'true'");
    List<String> problems = new ArrayList<>();
    expected.forEach(
        (key, value) -> {
          if (!value.equals(settings.get(key))) {
            problems.add(FUNCTION + ": " + key + " must be " + value + ", is " + settings.get(key));
          }
        });
    for (String key : concat(NOT_ON_FLEX, List.of("AzureWebJobsStorage"))) {
      if (settings.containsKey(key)) {
        problems.add(FUNCTION + " must not set " + key);
      }
    }
    String text = read(FUNCTION);
    for (String line :
        List.of(
            "name: 'FC1'",
            "tier: 'FlexConsumption'",
            "name: 'java'",
            "version: '17'",
            "type: 'UserAssignedIdentity'",
            "properties: union(extraAppSettings, appSettings)")) {
      if (!text.contains(line)) {
        problems.add(FUNCTION + " lacks " + line);
      }
    }
    assertThat(problems).as("app settings").isEmpty();
  }

  // ------------------------------------------------------------------------------------------
  // Event Grid, Service Bus, roles, alerts: what the templates must say, as plain text
  // ------------------------------------------------------------------------------------------

  @Test
  void theEventGridSubscriptionTargetsTheEventGridFunctionWithTheFactsFilter() {
    Matcher param =
        Pattern.compile("param functionName string = '(\\w+)'").matcher(read(EVENT_GRID));
    assertThat(param.find()).as("%s: param functionName with a default", EVENT_GRID).isTrue();
    String functionName = param.group(1);
    Map<String, List<String>> types = bindingTypesByFunction();
    assertThat(types.getOrDefault(functionName, List.of()))
        .as("%s targets %s; generated functions: %s", EVENT_GRID, functionName, types)
        .contains("eventGridTrigger");
    assertThat(read(EVENT_GRID))
        .contains(
            "functionEndpointResourceId: '${functionAppResourceId}/functions/${functionName}'");
    for (Path hook : List.of(HOOK_SH, HOOK_PS1)) {
      assertThat(read(hook)).as("%s subscribes %s", hook, functionName).contains(functionName);
    }
    assertThat(read(EVENT_GRID_SUBSCRIPTION))
        .as("%s: the filter from facts.json, delivery, dead-letter", EVENT_GRID_SUBSCRIPTION)
        .contains(
            "topicType: 'Microsoft.Resources.Subscriptions'",
            "includedEventTypes: map(workspaceEvents, e => e.eventType)",
            "key: 'data.operationName'",
            "values: map(workspaceEvents, e => e.operationName)",
            "endpointType: 'AzureFunction'",
            "retryPolicy: {",
            "endpointType: 'StorageBlob'");
  }

  @Test
  void theServiceBusNamespaceIsStandardWithoutKeysAndQueuesDetectDuplicates() {
    assertThat(read(SERVICE_BUS))
        .contains(
            "name: 'Standard'",
            "disableLocalAuth: true",
            "for queueName in queueNames: {",
            "requiresDuplicateDetection: true",
            "deadLetteringOnMessageExpiration: true",
            "maxDeliveryCount:",
            "lockDuration:",
            "duplicateDetectionHistoryTimeWindow:");
  }

  @Test
  void theAbacConditionAllowsTheSelectedAndTagRolesOfTheFactsForServicePrincipals() {
    assertThat(read(MAIN))
        .contains(
            "r => facts.builtInRoles[r]",
            "[for r in selectedStorageRoleNames: storageRoleGuidsByName[r]]",
            "[for r in tagRoleNames: storageRoleGuidsByName[r]]",
            "union(selectedStorageRoleGuids, tagRoleGuids)",
            "roleGuids: assignableStorageRoleGuids",
            "for (accountId, i) in grantedStorageAccountIds:",
            "storageRoles: join(selectedStorageRoleNames, ',')");
    String target = read(STORAGE_TARGET);
    assertThat(target)
        .contains(
            "var roleSet = '{${join(roleGuids, ', ')}}'",
            "var principalTypes = '{\\'ServicePrincipal\\'}'",
            "condition: condition",
            "conditionVersion: '2.0'",
            "roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions',"
                + " rbacAdministrator)");
    assertThat(count(target, "ForAnyOfAnyValues:GuidEquals ${roleSet}")).isEqualTo(2);
    assertThat(count(target, "StringEqualsIgnoreCase ${principalTypes}")).isEqualTo(2);
    Matcher roles = Pattern.compile("param storageRoles string = '([^']*)'").matcher(read(MAIN));
    assertThat(roles.find()).as("%s: param storageRoles with a default", MAIN).isTrue();
    for (String name : roles.group(1).split(",")) {
      assertThat(BuiltInRole.parse("storageRoles", name)).isNotNull();
    }
  }

  @Test
  void theConnectorRoleHasOnlyTheAccessConnectorAndWorkspaceReadActions() {
    String role = read(CONNECTOR_ROLE);
    List<String> actions =
        Pattern.compile("'(Microsoft\\.[^'@]+)'")
            .matcher(role)
            .results()
            .map(r -> r.group(1))
            .toList();
    assertThat(actions)
        .as("%s actions", CONNECTOR_ROLE)
        .containsExactlyInAnyOrder(
            "Microsoft.Databricks/accessConnectors/read",
            "Microsoft.Databricks/accessConnectors/write",
            "Microsoft.Databricks/accessConnectors/delete",
            "Microsoft.Databricks/workspaces/read");
    assertThat(role).contains("dataActions: []");
  }

  @Test
  void theAlertsWatchEveryQueueOfTheFactsAndReadDimensionsTheCodeSets() throws Exception {
    String alerts = read(ALERTS);
    assertThat(alerts)
        .contains(
            "metricName: 'DeadletteredMessages'",
            "name: 'EntityName'",
            "values: queueNames",
            "threshold: 0",
            "customDimensions." + StepLogContext.OUTCOME + ") == \"FAILED\"",
            "query: failedQuery");
    Set<String> codeDimensions = new TreeSet<>();
    for (Field f : StepLogContext.class.getFields()) {
      if (f.getType() == String.class && Modifier.isStatic(f.getModifiers())) {
        codeDimensions.add((String) f.get(null));
      }
    }
    Set<String> used = new TreeSet<>();
    Pattern.compile("customDimensions(?:\\.(\\w+)|\\[\"([^\"]+)\"\\])")
        .matcher(alerts)
        .results()
        .forEach(r -> used.add(r.group(1) != null ? r.group(1) : r.group(2)));
    assertThat(codeDimensions).as("StepLogContext vs %s queries", ALERTS).containsAll(used);
    long rules =
        Pattern.compile(
                "(?m)^resource \\w+ 'Microsoft.Insights/(metricAlerts|scheduledQueryRules)@")
            .matcher(alerts)
            .results()
            .count();
    long notifying =
        alerts.lines().filter(l -> l.matches("\\s+(actionGroupId: )?actionGroup.id")).count();
    assertThat(notifying)
        .as("%s: every alert rule notifies the action group", ALERTS)
        .isEqualTo(rules)
        .isEqualTo(2);
    assertThat(read(MAIN)).contains("param alertEmail string = ''");
  }

  // ------------------------------------------------------------------------------------------
  // azd wiring
  // ------------------------------------------------------------------------------------------

  @Test
  void azureYamlDeploysThisProjectAsAJavaFunctionFromThePackagedFolder() {
    String yaml = read(AZURE_YAML);
    String dist = ROOT.relativize(functionAppDir()).toString().replace('\\', '/');
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
    Set<String> outputs = new LinkedHashSet<>(names(MAIN, "output"));
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
    // a param's decorators are the lines right above it; @secure() must be one of them
    Pattern param = Pattern.compile("((?:^@.*\\n)*)^param\\s+(\\w+)", Pattern.MULTILINE);
    for (Path file : infraFiles(".bicep")) {
      Path where = ROOT.relativize(file);
      param
          .matcher(read(file))
          .results()
          .filter(p -> secretName.matcher(p.group(2)).matches())
          .filter(p -> !p.group(1).contains("@secure()"))
          .forEach(p -> problems.add(where + ": param " + p.group(2) + " is not @secure()"));
      for (String output : names(where, "output")) {
        if (secretName.matcher(output).matches()) {
          problems.add(where + ": output " + output + " looks secret");
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

  /**
   * The entries of {@code var appSettings = union(facts.queues, { ... })} in app/function.bicep,
   * one {@code KEY: expression} a line, the expression as written.
   */
  private static Map<String, String> bicepAppSettings() {
    String text = read(FUNCTION);
    String start = "var appSettings = union(facts.queues, {\n";
    int from = text.indexOf(start);
    int to = text.indexOf("\n})\n", from);
    if (from < 0 || to < 0) {
      fail(FUNCTION + " has no var appSettings = union(facts.queues, { ... })");
    }
    Map<String, String> out = new LinkedHashMap<>();
    Pattern.compile("(?m)^  (\\w+): (.+)$")
        .matcher(text.substring(from + start.length(), to))
        .results()
        .forEach(r -> out.put(r.group(1), r.group(2).trim()));
    return out;
  }

  /** The names of a Bicep file's top-level declarations of one kind (param, var, output). */
  private static List<String> names(Path file, String keyword) {
    return Pattern.compile("(?m)^" + keyword + "\\s+(\\w+)")
        .matcher(read(file))
        .results()
        .map(r -> r.group(1))
        .toList();
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
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

  private static void forEachBinding(BiConsumer<String, JsonNode> visitor) {
    functionJsons()
        .forEach(
            (function, json) -> json.path("bindings").forEach(b -> visitor.accept(function, b)));
  }

  private static Map<String, List<String>> bindingTypesByFunction() {
    Map<String, List<String>> out = new TreeMap<>();
    forEachBinding(
        (function, b) ->
            out.computeIfAbsent(function, f -> new ArrayList<>()).add(b.path("type").asText()));
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

  private static List<Path> infraFiles(String suffix) {
    try (Stream<Path> files = Files.walk(ROOT.resolve(INFRA))) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.toString().endsWith(suffix))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(ROOT.resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
