package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.annotation.FunctionName;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Modifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Functions host contract: the host creates each class that declares a {@code @FunctionName}
 * method with its public no-argument constructor; the use cases come from {@link LakewireFunction}.
 */
class FunctionClassesTest {

  private static List<Class<?>> functionClasses() {
    return new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.lakewire.function")
            .stream()
            .filter(
                c -> c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(FunctionName.class)))
            .map(JavaClass::reflect)
            .toList();
  }

  @Test
  void everyFunctionClassIsPublicWithAPublicNoArgumentConstructorOnly() throws Exception {
    List<Class<?>> classes = functionClasses();

    assertThat(classes).hasSizeGreaterThanOrEqualTo(8);
    for (Class<?> c : classes) {
      assertThat(Modifier.isPublic(c.getModifiers())).as(c.getName()).isTrue();
      assertThat(c.getDeclaredConstructors()).as(c.getName()).hasSize(1);
      assertThat(Modifier.isPublic(c.getDeclaredConstructor().getModifiers()))
          .as(c.getName())
          .isTrue();
      assertThat(LakewireFunction.class).as(c.getName()).isAssignableFrom(c);
    }
  }
}
