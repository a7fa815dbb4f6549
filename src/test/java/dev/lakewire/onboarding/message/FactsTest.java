package dev.lakewire.onboarding.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lakewire.app.Settings;
import dev.lakewire.onboarding.policy.BuiltInRole;
import dev.lakewire.onboarding.worker.WorkspaceEvents;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** infra/facts.json as the code reads it, and the Java names that must match it. */
class FactsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theSettingNamesTheCodeReadsAreExactlyTheFilesAppSettingsAndQueueSettings() {
    Set<String> file = new HashSet<>(Facts.get().appSettings());
    file.addAll(Facts.get().queues().keySet());

    assertThat(new HashSet<>(Settings.SETTINGS))
        .as("dev.lakewire.app.Settings.SETTINGS vs infra/facts.json appSettings + queues")
        .isEqualTo(file);
    assertThat(Facts.get().appSettings()).doesNotHaveDuplicates();
  }

  @Test
  void everyQueueSettingConstantIsAQueueOfTheFileAndBack() throws IllegalAccessException {
    Set<String> constants = new HashSet<>();
    for (Field f : Queues.class.getFields()) {
      if (Modifier.isStatic(f.getModifiers())
          && f.getName().endsWith("_SETTING")
          && !f.getName().equals("NAMESPACE_SETTING")) {
        constants.add((String) f.get(null));
      }
    }
    constants.add(Settings.PARKED_QUEUE);

    assertThat(Facts.get().queues().keySet()).isEqualTo(constants);
    for (Step step : Step.values()) {
      assertThat(Queues.defaultFor(step)).isEqualTo(Facts.get().queue(Queues.settingFor(step)));
    }
    assertThat(Queues.REPROCESS_DEFAULT).isEqualTo("reprocess");
    assertThat(Settings.PARKED_QUEUE_DEFAULT).isEqualTo("parked");
  }

  @Test
  void theRolesLakewireMayGrantAreExactlyTheFilesGrantableStorageRoles() {
    assertThat(BuiltInRole.names()).isEqualTo(Facts.get().grantableStorageRoles());
    assertThat(BuiltInRole.STORAGE_BLOB_DATA_READER.guid())
        .isEqualTo("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1");
    assertThat(Facts.get().roleGuid("Contributor"))
        .isEqualTo("b24988ac-6180-42a0-ab88-20f7382dd24c");
  }

  @Test
  void theWorkspaceEventsAreTheFilesOnboardingAndOffboardingEvents() {
    assertThat(WorkspaceEvents.WRITE_SUCCESS).isEqualTo("Microsoft.Resources.ResourceWriteSuccess");
    assertThat(WorkspaceEvents.WORKSPACE_DELETE)
        .isEqualTo("Microsoft.Databricks/workspaces/delete");
    assertThat(Arrays.asList(WorkspaceEvents.DELETE_SUCCESS, WorkspaceEvents.WORKSPACE_WRITE))
        .containsExactly(
            Facts.get().offboarding().eventType(), Facts.get().onboarding().operationName());
  }

  @Test
  void aMissingKeyFailsNamingIt() throws Exception {
    ObjectNode noQueues = validFile();
    noQueues.remove("queues");
    assertThatThrownBy(() -> Facts.parse(noQueues))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(Facts.RESOURCE + ": queues is missing");

    ObjectNode noOperation = validFile();
    ((ObjectNode) noOperation.at("/workspaceEvents/offboarding")).remove("operationName");
    assertThatThrownBy(() -> Facts.parse(noOperation))
        .hasMessage(Facts.RESOURCE + ": workspaceEvents.offboarding.operationName is missing");

    assertThatThrownBy(() -> Facts.get().queue("LAKEWIRE_QUEUE_NONE"))
        .hasMessage(Facts.RESOURCE + ": queues.LAKEWIRE_QUEUE_NONE is missing");
    assertThatThrownBy(() -> Facts.get().roleGuid("Owner"))
        .hasMessage(Facts.RESOURCE + ": builtInRoles.Owner is missing");
  }

  @Test
  void aMistypedValueFailsNamingIt() throws Exception {
    ObjectNode numberRole = validFile();
    ((ObjectNode) numberRole.get("builtInRoles")).put("Contributor", 42);
    assertThatThrownBy(() -> Facts.parse(numberRole))
        .hasMessage(Facts.RESOURCE + ": builtInRoles.Contributor must be a non-blank string");

    ObjectNode blankSetting = validFile();
    blankSetting.withArray("appSettings").add(" ");
    assertThatThrownBy(() -> Facts.parse(blankSetting))
        .hasMessageStartingWith(Facts.RESOURCE + ": appSettings[")
        .hasMessageEndingWith("] must be a non-blank string");
  }

  private static ObjectNode validFile() throws Exception {
    try (var in = Facts.class.getResourceAsStream(Facts.RESOURCE)) {
      ObjectNode root = (ObjectNode) JSON.readTree(in);
      assertThat(Facts.parse(root)).isEqualTo(Facts.get());
      return root;
    }
  }
}
