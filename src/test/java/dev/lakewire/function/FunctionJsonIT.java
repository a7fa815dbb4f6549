package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.onboarding.message.Queues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reads the {@code function.json} files azure-functions-maven-plugin generated in {@code package}
 * (this runs in {@code verify}, after it) and checks what the Functions host will see.
 */
class FunctionJsonIT {

  private static final Map<String, JsonNode> FUNCTIONS = new TreeMap<>();

  @BeforeAll
  static void readGeneratedFunctions() throws IOException {
    Path app = Path.of(System.getProperty("functionAppDir", "target/azure-functions/lakewire"));
    assertThat(app).as("run `./mvnw verify`: package generates %s", app).isDirectory();
    try (Stream<Path> files = Files.list(app)) {
      for (Path dir : files.filter(Files::isDirectory).toList()) {
        Path json = dir.resolve("function.json");
        if (Files.exists(json)) {
          FUNCTIONS.put(dir.getFileName().toString(), new ObjectMapper().readTree(json.toFile()));
        }
      }
    }
  }

  private static JsonNode trigger(String function) {
    assertThat(FUNCTIONS).containsKey(function);
    for (JsonNode b : FUNCTIONS.get(function).get("bindings")) {
      if ("in".equals(b.path("direction").asText())
          && b.path("type").asText().endsWith("Trigger")) {
        return b;
      }
    }
    throw new AssertionError(function + " has no trigger binding");
  }

  @Test
  void everyFunctionIsGeneratedAndNothingElse() {
    assertThat(FUNCTIONS.keySet())
        .containsExactlyInAnyOrder(
            "onWorkspaceEvent",
            "createAccessConnector",
            "assignStorageRoles",
            "bindMetastore",
            "startOnboarding",
            "onboardingStatus",
            "replayDeadLetters",
            "reprocess",
            "offboard",
            "removeStorageRoles",
            "removeCatalogObjects",
            "removeAccessConnector",
            "repairDrift");
  }

  @Test
  void theDriftRepairIsATimerOnItsScheduleSetting() {
    JsonNode t = trigger("repairDrift");
    assertThat(t.get("type").asText()).isEqualTo("timerTrigger");
    assertThat(t.get("schedule").asText()).isEqualTo("%LAKEWIRE_DRIFT_SCHEDULE%");
    assertThat(FUNCTIONS.get("repairDrift").get("entryPoint").asText())
        .isEqualTo("dev.lakewire.function.DriftRepairFunction.run");
  }

  @Test
  void theWorkspaceEventFunctionIsAnEventGridTrigger() {
    assertThat(trigger("onWorkspaceEvent").get("type").asText()).isEqualTo("eventGridTrigger");
    assertThat(FUNCTIONS.get("onWorkspaceEvent").get("entryPoint").asText())
        .isEqualTo("dev.lakewire.function.WorkspaceEventFunction.run");
  }

  @Test
  void eachStepAndTheReprocessQueueBindTheirQueueSettingAndTheIdentityConnection() {
    Map<String, String> expected =
        Map.of(
            "createAccessConnector", Queues.CREATE_ACCESS_CONNECTOR_SETTING,
            "assignStorageRoles", Queues.ASSIGN_STORAGE_ROLES_SETTING,
            "bindMetastore", Queues.BIND_METASTORE_SETTING,
            "reprocess", Queues.REPROCESS_SETTING,
            "removeStorageRoles", Queues.REMOVE_STORAGE_ROLES_SETTING,
            "removeCatalogObjects", Queues.REMOVE_CATALOG_OBJECTS_SETTING,
            "removeAccessConnector", Queues.REMOVE_ACCESS_CONNECTOR_SETTING);
    expected.forEach(
        (function, setting) -> {
          JsonNode t = trigger(function);
          assertThat(t.get("type").asText()).as(function).isEqualTo("serviceBusTrigger");
          assertThat(t.get("queueName").asText()).as(function).isEqualTo("%" + setting + "%");
          assertThat(t.get("connection").asText()).as(function).isEqualTo("ServiceBusConnection");
        });
  }

  @Test
  void theHttpKickoffIsAPostOnOnboardingBehindAFunctionKey() {
    JsonNode t = trigger("startOnboarding");
    assertThat(t.get("type").asText()).isEqualTo("httpTrigger");
    assertThat(t.get("authLevel").asText()).isEqualToIgnoringCase("function");
    assertThat(t.get("route").asText()).isEqualTo("onboarding");
    assertThat(t.get("methods")).extracting(JsonNode::asText).containsExactly("POST");
  }

  @Test
  void theHttpOffboardingIsAPostOnOffboardBehindAFunctionKey() {
    JsonNode t = trigger("offboard");
    assertThat(t.get("type").asText()).isEqualTo("httpTrigger");
    assertThat(t.get("authLevel").asText()).isEqualToIgnoringCase("function");
    assertThat(t.get("route").asText()).isEqualTo("offboard");
    assertThat(t.get("methods")).extracting(JsonNode::asText).containsExactly("POST");
  }

  @Test
  void theStatusAndReplayEndpointsAreBehindFunctionKeysToo() {
    JsonNode status = trigger("onboardingStatus");
    assertThat(status.get("authLevel").asText()).isEqualToIgnoringCase("function");
    assertThat(status.get("route").asText()).isEqualTo("onboarding/status");
    assertThat(status.get("methods")).extracting(JsonNode::asText).containsExactly("GET");
    JsonNode replay = trigger("replayDeadLetters");
    assertThat(replay.get("authLevel").asText()).isEqualToIgnoringCase("function");
    assertThat(replay.get("route").asText()).isEqualTo("onboarding/replay");
    assertThat(replay.get("methods")).extracting(JsonNode::asText).containsExactly("POST");
  }

  @Test
  void theHostConfigurationShipsWithTheApp() throws IOException {
    Path app = Path.of(System.getProperty("functionAppDir", "target/azure-functions/lakewire"));
    JsonNode host = new ObjectMapper().readTree(app.resolve("host.json").toFile());
    assertThat(host.get("version").asText()).isEqualTo("2.0");
    assertThat(host.at("/extensionBundle/id").asText())
        .isEqualTo("Microsoft.Azure.Functions.ExtensionBundle");
  }
}
