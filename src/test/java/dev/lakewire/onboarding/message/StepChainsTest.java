package dev.lakewire.onboarding.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each chain has its own order; {@code next()} never crosses from one chain into another. */
class StepChainsTest {

  @Test
  void onboardingRunsItsThreeStepsInOrderAndEnds() {
    assertThat(Step.CREATE_ACCESS_CONNECTOR.next()).hasValue(Step.ASSIGN_STORAGE_ROLES);
    assertThat(Step.ASSIGN_STORAGE_ROLES.next()).hasValue(Step.BIND_METASTORE);
    assertThat(Step.BIND_METASTORE.next()).isEmpty();
  }

  @Test
  void offboardingRemovesRolesThenCatalogObjectsThenTheConnectorAndEnds() {
    assertThat(Step.Chain.OFFBOARDING.first()).isEqualTo(Step.REMOVE_STORAGE_ROLES);
    assertThat(Step.REMOVE_STORAGE_ROLES.next()).hasValue(Step.REMOVE_CATALOG_OBJECTS);
    assertThat(Step.REMOVE_CATALOG_OBJECTS.next()).hasValue(Step.REMOVE_ACCESS_CONNECTOR);
    assertThat(Step.REMOVE_ACCESS_CONNECTOR.next()).isEmpty();
  }

  @Test
  void everyStepIsInExactlyOneChainAndHasItsOwnQueue() {
    for (Step s : Step.values()) {
      long chains = Arrays.stream(Step.Chain.values()).filter(c -> c.steps().contains(s)).count();
      assertThat(chains).as("chains of %s", s).isEqualTo(1);
      assertThat(s.offboarding()).isEqualTo(s.chain() == Step.Chain.OFFBOARDING);
      assertThat(s.chain().steps().get(s.position())).isEqualTo(s);
    }
    assertThat(Arrays.stream(Step.values()).map(Queues::defaultFor).distinct())
        .hasSize(Step.values().length);
    assertThat(Step.find("remove-access-connector"))
        .isEqualTo(Optional.of(Step.REMOVE_ACCESS_CONNECTOR));
  }
}
