package dev.lakewire;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layering: {@code function → onboarding → ports}; adapters ({@code azure}, {@code databricks})
 * implement ports and never the reverse; {@code app} is the only place that knows the adapters; no
 * production class depends on the local run (src/local, compiled with the tests) or on test code.
 *
 * <p>Inside {@code onboarding} the sub-packages depend one way: {@code message ← policy ← step ←
 * worker} (each may use the ones before it, and all use {@code ports}); no package of production
 * code is part of a dependency cycle.
 */
class ArchitectureTest {

  static final JavaClasses PRODUCTION =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.lakewire");

  static ArchRule layers() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Function")
        .definedBy("dev.lakewire.function..")
        .layer("App")
        .definedBy("dev.lakewire.app..")
        .layer("Onboarding")
        .definedBy("dev.lakewire.onboarding..")
        .layer("Ports")
        .definedBy("dev.lakewire.ports..")
        .layer("Adapters")
        .definedBy("dev.lakewire.azure..", "dev.lakewire.databricks..")
        .whereLayer("Function")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("App")
        .mayOnlyBeAccessedByLayers("Function")
        .whereLayer("Onboarding")
        .mayOnlyBeAccessedByLayers("Function", "App")
        .whereLayer("Adapters")
        .mayOnlyBeAccessedByLayers("App")
        .whereLayer("Ports")
        .mayOnlyBeAccessedByLayers("Onboarding", "Adapters", "App", "Function");
  }

  static final String MESSAGE = "dev.lakewire.onboarding.message..";
  static final String POLICY = "dev.lakewire.onboarding.policy..";
  static final String STEP = "dev.lakewire.onboarding.step..";
  static final String WORKER = "dev.lakewire.onboarding.worker..";

  /** Inside onboarding: {@code message ← policy ← step ← worker}, never the other way. */
  static ArchRule onboardingSubPackagesDependOneWay() {
    return layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .layer("Message")
        .definedBy(MESSAGE)
        .layer("Policy")
        .definedBy(POLICY)
        .layer("Step")
        .definedBy(STEP)
        .layer("Worker")
        .definedBy(WORKER)
        .whereLayer("Worker")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("Step")
        .mayOnlyBeAccessedByLayers("Worker")
        .whereLayer("Policy")
        .mayOnlyBeAccessedByLayers("Step", "Worker")
        .whereLayer("Message")
        .mayOnlyBeAccessedByLayers("Policy", "Step", "Worker");
  }

  /** Every onboarding class lives in one of the four sub-packages (none in onboarding itself). */
  static ArchRule onboardingClassesLiveInTheSubPackages() {
    return classes()
        .that()
        .resideInAPackage("dev.lakewire.onboarding..")
        .should()
        .resideInAnyPackage(MESSAGE, POLICY, STEP, WORKER);
  }

  /**
   * Each package (sub-packages on their own: {@code onboarding.step} is one slice) is cycle-free.
   */
  static ArchRule packagesAreFreeOfCycles() {
    return slices().matching("dev.lakewire.(**)").should().beFreeOfCycles();
  }

  /**
   * Only the adapter packages implement the ports' interfaces (the local run's fakes are tests).
   */
  static ArchRule onlyAdaptersImplementPorts() {
    DescribedPredicate<JavaClass> aPort =
        JavaClass.Predicates.resideInAPackage("dev.lakewire.ports..")
            .and(JavaClass.Predicates.INTERFACES);
    return classes()
        .that()
        .implement(aPort)
        .and()
        .resideOutsideOfPackage("dev.lakewire.ports..")
        .should()
        .resideInAnyPackage("dev.lakewire.azure..", "dev.lakewire.databricks..")
        .allowEmptyShould(true);
  }

  static ArchRule portsDependOnNothingButTheJdk() {
    return classes()
        .that()
        .resideInAPackage("dev.lakewire.ports..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.lakewire.ports..", "java..");
  }

  static ArchRule domainKnowsNoAdapterOrHost() {
    return noClasses()
        .that()
        .resideInAPackage("dev.lakewire.onboarding..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "com.microsoft.azure.functions..",
            "com.databricks..",
            "com.azure.messaging..",
            "com.azure.data..",
            "com.azure.identity..",
            "dev.lakewire.azure..",
            "dev.lakewire.databricks..",
            "dev.lakewire.local..");
  }

  static ArchRule adaptersDoNotDependOnEachOther() {
    return noClasses()
        .that()
        .resideInAPackage("dev.lakewire.databricks..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.lakewire.azure..");
  }

  /** The local run is compiled with the tests (src/local): no production class is part of it. */
  static ArchRule theLocalRunIsNotProductionCode() {
    return noClasses().should().resideInAPackage("dev.lakewire.local..").allowEmptyShould(true);
  }

  static ArchRule productionDoesNotDependOnTestLibraries() {
    return noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.junit..",
            "org.assertj..",
            "org.mockito..",
            "dev.lakewire.testing..",
            "dev.lakewire.local..",
            "org.bouncycastle..",
            "picocli..",
            "com.sun.net.httpserver..");
  }

  @Test
  void layersAreRespected() {
    layers().check(PRODUCTION);
  }

  @Test
  void theOnboardingSubPackagesDependOneWay() {
    onboardingSubPackagesDependOneWay().check(PRODUCTION);
  }

  @Test
  void everyOnboardingClassIsInASubPackage() {
    onboardingClassesLiveInTheSubPackages().check(PRODUCTION);
  }

  @Test
  void noPackageIsPartOfADependencyCycle() {
    packagesAreFreeOfCycles().check(PRODUCTION);
  }

  @Test
  void onlyTheAdaptersImplementThePorts() {
    onlyAdaptersImplementPorts().check(PRODUCTION);
  }

  @Test
  void portsAreFreeOfFrameworks() {
    portsDependOnNothingButTheJdk().check(PRODUCTION);
  }

  @Test
  void theDomainKnowsNoSdkNoHostAndNoAdapter() {
    domainKnowsNoAdapterOrHost().check(PRODUCTION);
  }

  @Test
  void theDatabricksAdaptersDoNotReachIntoTheAzureAdapters() {
    adaptersDoNotDependOnEachOther().check(PRODUCTION);
  }

  @Test
  void theLocalRunIsCompiledWithTheTestsOnly() {
    theLocalRunIsNotProductionCode().check(PRODUCTION);
  }

  @Test
  void productionCodeUsesNoTestOrLocalRunLibraries() {
    productionDoesNotDependOnTestLibraries().check(PRODUCTION);
  }
}
