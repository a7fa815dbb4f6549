package dev.lakewire.onboarding.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.testing.TestWorld;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnboardingPolicyTest {

  private static Map<String, String> with(String key, String value) {
    Map<String, String> s = new HashMap<>(TestWorld.defaultSettings());
    if (value == null) {
      s.remove(key);
    } else {
      s.put(key, value);
    }
    return s;
  }

  @Test
  void readsSeveralStorageAccountsWithTheirContainers() {
    String second = TestWorld.STORAGE.replace("/lake", "/archive");
    OnboardingPolicy p =
        OnboardingPolicy.fromSettings(
            with(OnboardingPolicy.STORAGE_TARGETS, TestWorld.STORAGE + "=raw,curated; " + second));

    assertThat(p.storage()).hasSize(2);
    assertThat(p.storage().get(0).containers()).containsExactly("raw", "curated");
    assertThat(p.storage().get(1).roleScopes()).containsExactly(second);
  }

  @Test
  void mapsRoleNamesToTheirBuiltInGuids() {
    OnboardingPolicy p =
        OnboardingPolicy.fromSettings(
            with(
                OnboardingPolicy.STORAGE_ROLES,
                "storage blob data reader, Storage Queue Data Contributor"));

    assertThat(p.roles())
        .extracting(BuiltInRole::guid)
        .containsExactly(
            "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", "974c5e8b-45b9-4653-ba55-5f855dd0fb88");
  }

  @Test
  void findsTheMetastoreOfARegionWrittenEitherWay() {
    OnboardingPolicy p = OnboardingPolicy.fromSettings(TestWorld.defaultSettings());

    assertThat(p.metastoreFor("West Europe")).contains(TestWorld.METASTORE);
    assertThat(p.metastoreFor("northeurope")).isEmpty();
  }

  @Test
  void namesTheSettingThatIsWrong() {
    assertThatThrownBy(
            () -> OnboardingPolicy.fromSettings(with(OnboardingPolicy.STORAGE_TARGETS, null)))
        .hasMessage("LAKEWIRE_STORAGE_TARGETS: is required");
    assertThatThrownBy(
            () -> OnboardingPolicy.fromSettings(with(OnboardingPolicy.STORAGE_ROLES, "Owner")))
        .hasMessageStartingWith("LAKEWIRE_STORAGE_ROLES: 'Owner' is not a role lakewire may grant");
    assertThatThrownBy(
            () ->
                OnboardingPolicy.fromSettings(with(OnboardingPolicy.METASTORES, "westeurope=abc")))
        .hasMessage("LAKEWIRE_METASTORES: 'abc' is not a metastore id (a UUID)");
    assertThatThrownBy(
            () -> OnboardingPolicy.fromSettings(with(OnboardingPolicy.EXISTING_METASTORE, "maybe")))
        .hasMessage("LAKEWIRE_EXISTING_METASTORE: 'maybe' is neither FAIL nor REPLACE");
    assertThatThrownBy(
            () ->
                OnboardingPolicy.fromSettings(
                    with(OnboardingPolicy.STORAGE_TARGETS, TestWorld.STORAGE + "=Bad_Container")))
        .hasMessageContaining("'Bad_Container' is not a valid container name");
    assertThatThrownBy(
            () ->
                OnboardingPolicy.fromSettings(with(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS, "prod")))
        .hasMessage("LAKEWIRE_ALLOWED_SUBSCRIPTIONS: 'prod' is not a GUID");
    assertThatThrownBy(
            () -> OnboardingPolicy.fromSettings(with(OnboardingPolicy.LOCATION_LAYOUT, "mine")))
        .hasMessage("LAKEWIRE_LOCATION_LAYOUT: 'mine' is neither shared nor per-workspace");
    assertThatThrownBy(
            () ->
                OnboardingPolicy.fromSettings(with(OnboardingPolicy.SHARED_ACCESS_CONNECTOR, null)))
        .hasMessageStartingWith("LAKEWIRE_SHARED_ACCESS_CONNECTOR: is required with");
    assertThatThrownBy(
            () ->
                OnboardingPolicy.fromSettings(
                    with(OnboardingPolicy.SHARED_ACCESS_CONNECTOR, TestWorld.STORAGE)))
        .hasMessageContaining("is not a Microsoft.Databricks/accessConnectors id");
    assertThatThrownBy(
            () -> OnboardingPolicy.fromSettings(with(OnboardingPolicy.IDENTITY_PRINCIPAL_ID, null)))
        .hasMessageStartingWith("LAKEWIRE_IDENTITY_PRINCIPAL_ID: is required");
    assertThatThrownBy(
            () -> OnboardingPolicy.fromSettings(with(OnboardingPolicy.STORAGE_FIREWALL, "open")))
        .hasMessage("LAKEWIRE_STORAGE_FIREWALL: 'open' is neither fail nor add-rule");
  }

  @Test
  void thePerWorkspaceLayoutNeedsNoSharedConnector() {
    Map<String, String> settings = with(OnboardingPolicy.SHARED_ACCESS_CONNECTOR, null);
    settings.put(OnboardingPolicy.LOCATION_LAYOUT, "Per-Workspace");

    StoragePolicy wiring = OnboardingPolicy.fromSettings(settings).wiring();

    assertThat(wiring.layout()).isEqualTo(StoragePolicy.Layout.PER_WORKSPACE);
    assertThat(wiring.sharedConnectorId()).isNull();
    assertThat(wiring.firewall()).isEqualTo(StoragePolicy.Firewall.FAIL);
    assertThat(wiring.selfPrincipalId()).isEqualTo(TestWorld.SELF);
  }

  @Test
  void allowsEverySubscriptionWhenTheListIsEmptyAndOnlyListedOnesOtherwise() {
    assertThat(OnboardingPolicy.fromSettings(TestWorld.defaultSettings()).allows("anything"))
        .isTrue();
    OnboardingPolicy p =
        OnboardingPolicy.fromSettings(
            with(OnboardingPolicy.ALLOWED_SUBSCRIPTIONS, TestWorld.SUBSCRIPTION.toUpperCase()));
    assertThat(p.allows(TestWorld.SUBSCRIPTION)).isTrue();
    assertThat(p.allows("00000000-0000-0000-0000-000000000002")).isFalse();
  }
}
