package dev.lakewire.onboarding.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.local.ManualClock;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.step.AssignStorageRoles;
import dev.lakewire.onboarding.step.CreateAccessConnector;
import dev.lakewire.onboarding.step.PolicyScoped;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.ports.RoleAssignmentSpec;
import dev.lakewire.testing.FakeCloud;
import dev.lakewire.testing.TestWorld;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of policy by tags ({@link TagPolicy}), and the steps applying them on port fakes. */
class TagPolicyTest {

  private static final String FINANCE =
      "/subscriptions/"
          + TestWorld.SUBSCRIPTION
          + "/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/stfinance";
  private static final String FINANCE_ELSEWHERE =
      "/subscriptions/"
          + TestWorld.SUBSCRIPTION
          + "/resourceGroups/rg-other/providers/Microsoft.Storage/storageAccounts/stfinance";
  private static final String SCRATCH =
      "/subscriptions/"
          + TestWorld.SUBSCRIPTION
          + "/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/stscratch";
  private static final String OTHER_WEU = "99999999-2222-3333-4444-555555555555";
  private static final String NEU = "88888888-2222-3333-4444-555555555555";

  private final OnboardingPolicy policy =
      policy(
          Map.of(
              TagPolicy.TAG_STORAGE,
              FINANCE + "=gold,silver;" + SCRATCH + "=*",
              TagPolicy.TAG_ROLES,
              "Storage Blob Data Reader",
              TagPolicy.TAG_METASTORES,
              "westeurope=" + OTHER_WEU + ",northeurope=" + NEU));

  private static OnboardingPolicy policy(Map<String, String> extra) {
    Map<String, String> settings = new HashMap<>(TestWorld.defaultSettings());
    settings.putAll(extra);
    return OnboardingPolicy.fromSettings(settings);
  }

  private TagPolicy.Decision decide(Map<String, String> tags) {
    return policy.tagPolicy().decide(tags, "West Europe", policy);
  }

  private TagPolicy.Overrides applied(Map<String, String> tags) {
    TagPolicy.Decision d = decide(tags);
    assertThat(d).isInstanceOf(TagPolicy.Apply.class);
    return ((TagPolicy.Apply) d).overrides();
  }

  private String invalid(Map<String, String> tags) {
    TagPolicy.Decision d = decide(tags);
    assertThat(d).isInstanceOf(TagPolicy.Invalid.class);
    return ((TagPolicy.Invalid) d).reason();
  }

  @Test
  void aWorkspaceWithoutPolicyTagsGetsTheConfiguredPolicy() {
    assertThat(applied(Map.of("owner", "team-a", "cost-center", "42")).isEmpty()).isTrue();
    assertThat(policy.withOverrides(TagPolicy.Overrides.NONE, "westeurope", true)).isSameAs(policy);
  }

  @Test
  void tagNamesAreCaseInsensitiveAndCaseOnlyDuplicatesAreRefused() {
    assertThat(decide(Map.of("LAKEWIRE:SKIP", "TRUE"))).isInstanceOf(TagPolicy.Skip.class);
    Map<String, String> both = new LinkedHashMap<>();
    both.put("lakewire:skip", "false");
    both.put("Lakewire:Skip", "true");
    assertThat(invalid(both)).contains("lakewire:skip").contains("Lakewire:Skip");
  }

  @Test
  void skipIsTrueOrFalseAndNothingElse() {
    assertThat(((TagPolicy.Skip) decide(Map.of("lakewire:skip", "true"))).reason())
        .contains("lakewire:skip=true");
    assertThat(applied(Map.of("lakewire:skip", "false")).isEmpty()).isTrue();
    assertThat(invalid(Map.of("lakewire:skip", "yes"))).contains("lakewire:skip='yes'");
  }

  @Test
  void anUnknownLakewireTagIsInvalid() {
    assertThat(invalid(Map.of("lakewire:stroage", "stfinance")))
        .contains("lakewire:stroage")
        .contains(TagPolicy.STORAGE);
  }

  @Test
  void storageIsChosenByNameOrIdAmongTheAllowedAccountsOnly() {
    assertThat(applied(Map.of("lakewire:storage", "stfinance")).storage())
        .containsExactly(new TargetStorage(FINANCE, List.of("gold", "silver")));
    assertThat(applied(Map.of("lakewire:storage", FINANCE.toLowerCase())).storage())
        .containsExactly(new TargetStorage(FINANCE, List.of("gold", "silver")));
    assertThat(invalid(Map.of("lakewire:storage", "stevil")))
        .contains("lakewire:storage='stevil'")
        .contains(TagPolicy.TAG_STORAGE);
    assertThat(invalid(Map.of("lakewire:storage", "St_Finance")))
        .contains("not a storage account name");
  }

  @Test
  void anAccountNameInTwoPlacesMustBeChosenById() {
    OnboardingPolicy twice =
        policy(Map.of(TagPolicy.TAG_STORAGE, FINANCE + "=gold;" + FINANCE_ELSEWHERE + "=gold"));
    assertThat(
            twice.tagPolicy().decide(Map.of("lakewire:storage", "stfinance"), "westeurope", twice))
        .isInstanceOf(TagPolicy.Invalid.class);
    assertThat(
            twice
                .tagPolicy()
                .decide(Map.of("lakewire:storage", FINANCE_ELSEWHERE), "westeurope", twice))
        .isInstanceOf(TagPolicy.Apply.class);
  }

  @Test
  void containersMustBeValidNamesAndAllowedForTheAccount() {
    assertThat(
            applied(Map.of("lakewire:storage", "stfinance", "lakewire:containers", " gold "))
                .storage())
        .containsExactly(new TargetStorage(FINANCE, List.of("gold")));
    // https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#container-names
    for (String bad : List.of("Gold", "go", "a--b", "-gold", "gold-", "g".repeat(64), "go_ld")) {
      assertThat(invalid(Map.of("lakewire:storage", "stscratch", "lakewire:containers", bad)))
          .as(bad)
          .contains("lakewire:containers")
          .contains("not a valid container name");
    }
    assertThat(invalid(Map.of("lakewire:storage", "stfinance", "lakewire:containers", "payroll")))
        .contains("'payroll'")
        .contains("gold, silver");
    assertThat(
            applied(Map.of("lakewire:storage", "stscratch", "lakewire:containers", "tmp-1"))
                .storage())
        .containsExactly(new TargetStorage(SCRATCH, List.of("tmp-1")));
    assertThat(invalid(Map.of("lakewire:storage", "stscratch")))
        .as("* lists no container to default to")
        .contains("lakewire:containers");
  }

  @Test
  void containersAloneNarrowTheSingleConfiguredAccount() {
    assertThat(applied(Map.of("lakewire:containers", "raw")).storage())
        .containsExactly(new TargetStorage(TestWorld.STORAGE, List.of("raw")));
    assertThat(invalid(Map.of("lakewire:containers", "gold"))).contains("'gold'");
  }

  @Test
  void theMetastoreMustBeOneThePolicyKnowsForTheRegion() {
    assertThat(applied(Map.of("lakewire:metastore", OTHER_WEU.toUpperCase())).metastoreId())
        .isEqualTo(OTHER_WEU);
    assertThat(applied(Map.of("lakewire:metastore", TestWorld.METASTORE)).metastoreId())
        .isEqualTo(TestWorld.METASTORE);
    assertThat(invalid(Map.of("lakewire:metastore", NEU)))
        .as("northeurope's, not westeurope's")
        .contains("lakewire:metastore")
        .contains(NEU);
    assertThat(invalid(Map.of("lakewire:metastore", "main"))).contains("UUID");
    OnboardingPolicy bound =
        policy.withOverrides(
            applied(Map.of("lakewire:metastore", OTHER_WEU)), "West Europe", false);
    assertThat(bound.metastoreFor("westeurope")).contains(OTHER_WEU);
  }

  @Test
  void extraRolesComeOnlyFromTheAllowedSet() {
    TagPolicy.Overrides o = applied(Map.of("lakewire:roles", "storage blob data reader"));
    assertThat(o.extraRoles()).containsExactly(BuiltInRole.STORAGE_BLOB_DATA_READER);
    assertThat(policy.withOverrides(o, "westeurope", true).roles())
        .containsExactly(
            BuiltInRole.STORAGE_BLOB_DATA_CONTRIBUTOR, BuiltInRole.STORAGE_BLOB_DATA_READER);
    assertThat(policy.withOverrides(o, "westeurope", false).roles())
        .containsExactly(BuiltInRole.STORAGE_BLOB_DATA_CONTRIBUTOR);
    assertThat(invalid(Map.of("lakewire:roles", "Storage Queue Data Contributor")))
        .contains("lakewire:roles")
        .contains(TagPolicy.TAG_ROLES);
    assertThat(invalid(Map.of("lakewire:roles", "Owner"))).contains("'Owner'");
  }

  @Test
  void badSettingsAreNamed() {
    assertThatThrownBy(() -> policy(Map.of(TagPolicy.TAG_STORAGE, "stfinance=gold")))
        .hasMessageStartingWith(TagPolicy.TAG_STORAGE);
    assertThatThrownBy(() -> policy(Map.of(TagPolicy.TAG_ROLES, "Owner")))
        .hasMessageStartingWith(TagPolicy.TAG_ROLES);
    assertThatThrownBy(() -> policy(Map.of(TagPolicy.TAG_METASTORES, "westeurope=main")))
        .hasMessageStartingWith(TagPolicy.TAG_METASTORES);
    assertThatThrownBy(() -> policy(Map.of(OnboardingPolicy.ATTACH_CONNECTOR, "yes")))
        .hasMessageStartingWith(OnboardingPolicy.ATTACH_CONNECTOR);
    assertThat(policy(Map.of()).attachConnector()).isFalse();
    assertThat(policy(Map.of()).tagPolicy()).isEqualTo(TagPolicy.NONE);
  }

  // ------------------------------------------------------------------ the steps, on port fakes

  private final FakeCloud cloud = new FakeCloud(ManualClock.atEpochOfDemo());
  private final String ws = TestWorld.workspaceId("analytics");
  private final StepMessage first =
      StepMessage.first(
          WorkspaceRef.parse("id", ws), Step.CREATE_ACCESS_CONNECTOR, "c1", "test", 0);

  private PolicyScoped assignRoles() {
    return new PolicyScoped(
        Step.ASSIGN_STORAGE_ROLES,
        policy,
        cloud.workspaces(),
        true,
        false,
        p ->
            new AssignStorageRoles(
                cloud.accessConnectors(), cloud.storageAccounts(), cloud.roleAssignmentsPort(), p));
  }

  @Test
  void stepOneSkipsBeforeWritingAnything() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.setWorkspaceTags(ws, Map.of("lakewire:skip", "true"));

    StepOutcome outcome =
        new CreateAccessConnector(cloud.workspaces(), cloud.accessConnectors(), policy)
            .reconcile(first);

    assertThat(outcome).isInstanceOf(StepOutcome.Skipped.class);
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void stepOneCarriesTheTagsSoLaterStepsNeedNotReadTheWorkspace() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.setWorkspaceTags(ws, Map.of("lakewire:roles", "Storage Blob Data Reader", "x", "y"));

    StepOutcome.Advance a =
        (StepOutcome.Advance)
            new CreateAccessConnector(cloud.workspaces(), cloud.accessConnectors(), policy)
                .reconcile(first);

    assertThat(a.carried().policyTags())
        .containsExactly(Map.entry("lakewire:roles", "Storage Blob Data Reader"));
    StepMessage next = first.advanceTo(Step.ASSIGN_STORAGE_ROLES).carrying(a.carried());
    assertThat(StepMessage.fromJson(next.toJson()).carried()).isEqualTo(next.carried());
  }

  @Test
  void aForgedStepMessageCannotCarryStorageOutsideTheAllowList() {
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    StepMessage forged =
        first
            .advanceTo(Step.ASSIGN_STORAGE_ROLES)
            .carrying(
                StepMessage.Carried.builder()
                    .location("westeurope")
                    .policyTags(Map.of("lakewire:storage", "stevil"))
                    .build());

    StepOutcome outcome = assignRoles().reconcile(forged);

    assertThat(outcome).isInstanceOf(StepOutcome.Fail.class);
    assertThat(((StepOutcome.Fail) outcome).reason()).contains("lakewire:storage='stevil'");
    assertThat(cloud.writes).isEmpty();
  }

  @Test
  void aMessageWithoutCarriedTagsReadsThemFromTheWorkspace() {
    cloud.addStorageAccount(FINANCE, true);
    cloud.addWorkspace(ws, "westeurope", "Succeeded");
    cloud.setWorkspaceTags(
        ws, Map.of("lakewire:storage", "stfinance", "lakewire:containers", "gold"));
    new CreateAccessConnector(cloud.workspaces(), cloud.accessConnectors(), policy)
        .reconcile(first);
    cloud.writes.clear();

    StepOutcome outcome = assignRoles().reconcile(first.advanceTo(Step.ASSIGN_STORAGE_ROLES));

    assertThat(outcome).isInstanceOf(StepOutcome.Advance.class);
    assertThat(((StepOutcome.Advance) outcome).summary()).contains("stfinance/gold");
    assertThat(((StepOutcome.Advance) outcome).carried().policyTags())
        .as("what it read travels on")
        .containsKey("lakewire:storage");
    assertThat(cloud.roleAssignments())
        .extracting(RoleAssignmentSpec::scope)
        .allSatisfy(
            scope ->
                assertThat(scope).startsWith(FINANCE + "/blobServices/default/containers/gold"));
  }
}
