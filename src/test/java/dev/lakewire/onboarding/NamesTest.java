package dev.lakewire.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.testing.TestWorld;
import org.junit.jupiter.api.Test;

class NamesTest {

  private final String ws = TestWorld.workspaceId("analytics");

  @Test
  void roleAssignmentNamesDependOnScopePrincipalAndRoleOnlyAndIgnoreIdCase() {
    String a =
        Names.roleAssignment(TestWorld.STORAGE, "p1", BuiltInRole.STORAGE_BLOB_DATA_READER.guid());

    assertThat(
            Names.roleAssignment(
                TestWorld.STORAGE.toUpperCase(), "P1", BuiltInRole.STORAGE_BLOB_DATA_READER.guid()))
        .isEqualTo(a);
    assertThat(
            Names.roleAssignment(
                TestWorld.STORAGE, "p2", BuiltInRole.STORAGE_BLOB_DATA_READER.guid()))
        .isNotEqualTo(a);
    assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  }

  @Test
  void messageIdsCollapseDuplicatesButNotRechecksOrOtherRuns() {
    String id = Names.messageId(ws, Step.CREATE_ACCESS_CONNECTOR, 0, "c1");

    assertThat(Names.messageId(ws.toUpperCase(), Step.CREATE_ACCESS_CONNECTOR, 0, "C1"))
        .isEqualTo(id);
    assertThat(Names.messageId(ws, Step.CREATE_ACCESS_CONNECTOR, 1, "c1")).isNotEqualTo(id);
    assertThat(Names.messageId(ws, Step.ASSIGN_STORAGE_ROLES, 0, "c1")).isNotEqualTo(id);
    assertThat(Names.messageId(ws, Step.CREATE_ACCESS_CONNECTOR, 0, "c2")).isNotEqualTo(id);
  }

  @Test
  void workspaceIdsAreValidatedWithTheFieldNamed() {
    assertThatThrownBy(() -> WorkspaceRef.parse("workspaceResourceId", TestWorld.STORAGE))
        .hasMessageStartingWith(
            "workspaceResourceId: is a Microsoft.Storage/storageAccounts, not a Microsoft.Databricks/workspaces");
    assertThatThrownBy(
            () ->
                WorkspaceRef.parse(
                    "workspaceResourceId", ws.replace(TestWorld.SUBSCRIPTION, "prod")))
        .hasMessageContaining("has no subscription GUID");
    assertThatThrownBy(() -> WorkspaceRef.parse("workspaceResourceId", ws + "\n"))
        .hasMessageContaining("control");
    assertThatThrownBy(() -> WorkspaceRef.parse("workspaceResourceId", null))
        .hasMessage("workspaceResourceId: is required");
    assertThat(WorkspaceRef.parse("x", ws).name()).isEqualTo("analytics");
  }
}
