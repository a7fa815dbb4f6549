package dev.lakewire.ports;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each managed thing compares, and which differences lakewire corrects. */
class DriftTest {

  private static final String ID =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Databricks/accessConnectors/ws-uc";
  private static final String UAMI =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/"
          + "userAssignedIdentities/id-uc";
  private static final Map<String, String> OURS =
      Map.of(
          "lakewire:workspace",
          "/w/ws",
          "lakewire:workspace-sha256",
          "abc",
          "lakewire:managed",
          "true");
  private static final Workspace WS =
      new Workspace(
          "/w/ws", "ws", "westeurope", "Succeeded", "123", "adb-1.azuredatabricks.net", null);

  private static AccessConnectorSpec desired(String identity) {
    return new AccessConnectorSpec(
        ID,
        "westeurope",
        identity,
        OURS,
        Set.of("lakewire:workspace", "lakewire:workspace-sha256"),
        "workspace /w/ws");
  }

  private static AccessConnector system(Map<String, String> tags, String state) {
    return new AccessConnector(ID, "ws-uc", "westeurope", state, "p-1", tags);
  }

  /** {@code base} with tag {@code k} set to {@code v}, or removed when {@code v} is null. */
  private static Map<String, String> with(Map<String, String> base, String k, String v) {
    Map<String, String> m = new LinkedHashMap<>(base);
    m.put(k, v);
    m.values().removeIf(java.util.Objects::isNull);
    return m;
  }

  @Test
  void aConnectorWithLakewiresTagsAndIdentityMatches() {
    assertThat(desired(null).match(system(with(OURS, "team", "x"), "Succeeded")))
        .isEqualTo(Match.MATCHES);
  }

  @Test
  void aRemovedManagedTagIsADriftLakewireWritesBack() {
    Match m = desired(null).match(system(with(OURS, "lakewire:managed", null), "Succeeded"));

    assertThat(m).isInstanceOf(Match.Drifted.class);
    assertThat(((Match.Drifted) m).correctable()).isTrue();
    assertThat(m.toString()).isEqualTo("tag lakewire:managed is (none), lakewire wants 'true'");
  }

  @Test
  void aChangedManagedTagIsADriftLakewireWritesBack() {
    Match m = desired(null).match(system(with(OURS, "lakewire:managed", "false"), "Succeeded"));

    assertThat(((Match.Drifted) m).correctable()).isTrue();
    assertThat(m.toString()).contains("is 'false', lakewire wants 'true'");
  }

  @Test
  void aRemovedHashTagIsADriftWhileTheReadableTagStillNamesTheWorkspace() {
    Match m =
        desired(null).match(system(with(OURS, "lakewire:workspace-sha256", null), "Succeeded"));

    assertThat(((Match.Drifted) m).correctable()).isTrue();
  }

  @Test
  void aFailedConnectorIsADriftLakewirePutsAgain() {
    Match m = desired(null).match(system(OURS, "Failed"));

    assertThat(((Match.Drifted) m).correctable()).isTrue();
    assertThat(m.toString()).contains("provisioning state is 'Failed'");
  }

  @Test
  void aWorkspaceTagNamingAnotherWorkspaceMakesItAnothersConnector() {
    Match m =
        desired(null).match(system(with(OURS, "lakewire:workspace", "/w/other"), "Succeeded"));

    assertThat(m).isInstanceOf(Match.Foreign.class);
    assertThat(m.toString()).contains("'/w/other'").contains("do not name workspace /w/ws");
  }

  @Test
  void aSystemAssignedConnectorWithoutAnyWorkspaceTagIsNotRecognisablyLakewires() {
    Match m = desired(null).match(system(Map.of("lakewire:managed", "true"), "Succeeded"));

    assertThat(m).isInstanceOf(Match.Foreign.class);
    assertThat(m.toString()).contains("none of the tags");
  }

  @Test
  void withTheConfiguredUserAssignedIdentityRemovedTagsAreADriftOnly() {
    AccessConnector c =
        new AccessConnector(
            ID,
            "ws-uc",
            "westeurope",
            "Succeeded",
            null,
            Map.of("team", "x"),
            "UserAssigned",
            Map.of(UAMI, "p-2"));

    Match m = desired(UAMI).match(c);

    assertThat(((Match.Drifted) m).correctable()).isTrue();
    assertThat(((Match.Drifted) m).differences()).hasSize(3);
  }

  @Test
  void anotherIdentityIsNeverOverwrittenAndBothAreNamed() {
    Match m = desired(UAMI).match(system(OURS, "Succeeded"));

    assertThat(m).isInstanceOf(Match.Foreign.class);
    assertThat(m.toString())
        .contains("its identity is SystemAssigned")
        .contains("not exactly the configured user-assigned identity " + UAMI);
  }

  @Test
  void theCorrectingPutKeepsTheOtherTagsAndReplacesAnySpellingOfLakewires() {
    AccessConnector drifted =
        system(Map.of("Lakewire:Managed", "false", "costcenter", "42"), "Succeeded");

    Map<String, String> sent = desired(null).keepingTagsOf(drifted).tags();

    assertThat(sent).containsEntry("costcenter", "42").containsAllEntriesOf(OURS).hasSize(4);
  }

  @Test
  void aRoleAssignmentIsComparedByPrincipalRoleAndScopeAndNeverCorrected() {
    RoleAssignmentSpec want = new RoleAssignmentSpec("n", "/S/x", "P", "R");

    assertThat(want.match(new RoleAssignmentSpec("n", "/s/X", "p", "r"))).isEqualTo(Match.MATCHES);
    Match other = want.match(new RoleAssignmentSpec("n", "/s/x", "Q", "R2"));
    assertThat(((Match.Drifted) other).correctable()).isFalse();
    assertThat(other.toString())
        .contains("principal is 'Q', lakewire wants 'P'")
        .contains("role is 'R2'");
  }

  @Test
  void aCredentialIsComparedByConnectorAndIdentity() {
    StorageCredential want = StorageCredential.desired(WS, "c", ID, UAMI);

    assertThat(want.match(new StorageCredential(WS, "c", ID.toUpperCase(), UAMI, "o", true)))
        .isEqualTo(Match.MATCHES);
    Match system = want.match(new StorageCredential(WS, "c", ID, null, "o", true));
    assertThat(((Match.Drifted) system).correctable()).isFalse();
    assertThat(system.toString()).contains("managed identity is (none)");
    assertThat(want.match(new StorageCredential(WS, "c", ID, UAMI, "o", false)))
        .isInstanceOf(Match.Foreign.class);
  }

  @Test
  void aLocationIsComparedByUrlAndCredentialAndItsIsolationIsCorrected() {
    ExternalLocation want = ExternalLocation.desired(WS, "l", "abfss://a@b/p", "c", true);

    assertThat(want.match(new ExternalLocation(WS, "l", "abfss://a@b/p/", "c", true, "o", true)))
        .isEqualTo(Match.MATCHES);
    Match open = want.match(new ExternalLocation(WS, "l", "abfss://a@b/p", "c", false, "o", true));
    assertThat(((Match.Drifted) open).correctable()).isTrue();
    Match moved = want.match(new ExternalLocation(WS, "l", "abfss://a@b/q", "c2", true, "o", true));
    assertThat(((Match.Drifted) moved).correctable()).isFalse();
    assertThat(moved.toString()).contains("URL is 'abfss://a@b/q'").contains("credential is 'c2'");
  }

  @Test
  void anotherMetastoreIsReplacedOnlyWhenThePolicySaysSo() {
    MetastoreAssignment other = MetastoreAssignment.shown(WS, "m-2");

    Match kept = MetastoreAssignment.desired(WS, "m-1", "main", false).match(other);
    Match replaced = MetastoreAssignment.desired(WS, "M-1", "main", true).match(other);

    assertThat(((Match.Drifted) kept).correctable()).isFalse();
    assertThat(((Match.Drifted) replaced).correctable()).isTrue();
    assertThat(replaced.toString()).isEqualTo("metastore is 'm-2', lakewire wants 'M-1'");
    assertThat(MetastoreAssignment.desired(WS, "M-2", "main", false).match(other))
        .isEqualTo(Match.MATCHES);
  }
}
