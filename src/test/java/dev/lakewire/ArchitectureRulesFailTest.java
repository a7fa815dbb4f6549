package dev.lakewire;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/** The architecture rules catch a broken layering (proved on deliberately bad classes). */
class ArchitectureRulesFailTest {

  @Test
  void aDomainClassImportingTheLocalRunBreaksTheRules() {
    JavaClasses bad =
        new ClassFileImporter()
            .importClasses(
                dev.lakewire.onboarding.BadDomainClass.class, dev.lakewire.local.ManualClock.class);

    assertThatThrownBy(() -> ArchitectureTest.productionDoesNotDependOnTestLibraries().check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BadDomainClass");
    assertThatThrownBy(() -> ArchitectureTest.domainKnowsNoAdapterOrHost().check(bad))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> ArchitectureTest.theLocalRunIsNotProductionCode().check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ManualClock");
    assertThatThrownBy(() -> ArchitectureTest.onboardingClassesLiveInTheSubPackages().check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BadDomainClass");
  }

  @Test
  void aMessageClassUsingTheWorkerBreaksTheOneWayRuleAndMakesACycle() {
    JavaClasses bad =
        new ClassFileImporter()
            .importClasses(
                dev.lakewire.onboarding.message.BadMessage.class,
                dev.lakewire.onboarding.message.StepMessage.class,
                dev.lakewire.onboarding.worker.StepWorker.class);

    assertThatThrownBy(() -> ArchitectureTest.onboardingSubPackagesDependOneWay().check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BadMessage");
    assertThatThrownBy(() -> ArchitectureTest.packagesAreFreeOfCycles().check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BadMessage");
  }

  @Test
  void aPortImplementedOutsideTheAdapterPackagesBreaksTheRules() {
    JavaClasses bad =
        new ClassFileImporter()
            .importClasses(
                dev.lakewire.onboarding.step.BadAdapter.class, dev.lakewire.ports.Workspaces.class);

    assertThatThrownBy(() -> ArchitectureTest.onlyAdaptersImplementPorts().check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BadAdapter");
  }

  @Test
  void aPortThatUsesAnSdkBreaksTheRules() {
    JavaClasses bad = new ClassFileImporter().importClasses(dev.lakewire.ports.BadPort.class);

    assertThatThrownBy(() -> ArchitectureTest.portsDependOnNothingButTheJdk().check(bad))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("BadPort");
  }
}
