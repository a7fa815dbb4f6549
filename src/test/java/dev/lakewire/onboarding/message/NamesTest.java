package dev.lakewire.onboarding.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.onboarding.policy.BuiltInRole;
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
  void credentialNamesComeFromTheFullWorkspaceIdSoSameNamesNeverCollideCaseInsensitively() {
    java.util.List<String> ids =
        java.util.List.of(
            "/subscriptions/"
                + TestWorld.SUBSCRIPTION
                + "/resourceGroups/rg-a/providers/"
                + "Microsoft.Databricks/workspaces/analytics",
            "/subscriptions/"
                + TestWorld.SUBSCRIPTION
                + "/resourceGroups/rg-b/providers/"
                + "Microsoft.Databricks/workspaces/analytics",
            "/subscriptions/"
                + TestWorld.SUBSCRIPTION
                + "/resourceGroups/rg-c/providers/"
                + "Microsoft.Databricks/workspaces/Analytics",
            TestWorld.workspaceId("data-lake"),
            TestWorld.workspaceId("data_lake"));

    java.util.Set<String> names = new java.util.HashSet<>();
    for (String id : ids) {
      String name = Names.storageCredential(WorkspaceRef.parse("id", id));
      assertThat(name).matches("[a-z0-9_]+_[0-9a-f]{10}");
      names.add(name.toLowerCase(java.util.Locale.ROOT));
    }
    assertThat(names).hasSize(ids.size());
    // the same workspace written in another case is the same workspace (ARM ids ignore case)
    assertThat(Names.storageCredential(WorkspaceRef.parse("id", ids.get(0).toUpperCase())))
        .isEqualTo(Names.storageCredential(WorkspaceRef.parse("id", ids.get(0))));
    assertThat(Names.storageCredential(WorkspaceRef.parse("id", ids.get(0))))
        .startsWith("analytics_");
  }

  @Test
  void locationNamesAndPathsAreUniquePerContainerAndPerWorkspace() {
    WorkspaceRef a = WorkspaceRef.parse("id", TestWorld.workspaceId("data-lake"));
    WorkspaceRef b = WorkspaceRef.parse("id", TestWorld.workspaceId("data_lake"));

    assertThat(Names.externalLocation("lake", "raw-zone")).isEqualTo("lakewire_lake_raw_zone");
    assertThat(Names.externalLocation("lake", "raw", a))
        .isNotEqualTo(Names.externalLocation("lake", "raw", b))
        .startsWith("lake_raw_data_lake_");
    assertThat(Names.workspacePath(a)).isNotEqualTo(Names.workspacePath(b)).endsWith("/");
    assertThat(Names.workspacePath(a)).startsWith("workspaces/data-lake-");
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
