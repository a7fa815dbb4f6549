package dev.lakewire.onboarding.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingValuesTest {

  private enum Layout {
    SHARED,
    PER_WORKSPACE
  }

  private static SettingValues of(String name, String value) {
    Map<String, String> m = new HashMap<>();
    m.put(name, value);
    return SettingValues.of(m);
  }

  @Test
  void valuesAreTrimmedAndBlankOrNullValuesAreAbsent() {
    assertThat(of("A", "  x \n").find("A")).contains("x");
    assertThat(of("A", " \t ").find("A")).isEmpty();
    assertThat(of("A", null).get("A", "dflt")).isEqualTo("dflt");
    assertThat(of("A", "").get("A", 7, SettingValues::positive)).isEqualTo(7);
  }

  @Test
  void aRequiredSettingThatIsBlankIsNamed() {
    assertThatThrownBy(() -> of("A", " ").required("A", " with B=1"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("A: is required with B=1")
        .extracting(e -> ((InvalidInputException) e).field())
        .isEqualTo("A");
  }

  @Test
  void choicesAreSpelledInLowerCaseWithDashesAndNamedWhenWrong() {
    SettingValues.Parser<Layout> layout = SettingValues.oneOf(Layout.values());

    assertThat(of("L", "Per-Workspace").get("L", Layout.SHARED, layout))
        .isEqualTo(Layout.PER_WORKSPACE);
    assertThatThrownBy(() -> of("L", "mine").get("L", Layout.SHARED, layout))
        .hasMessage("L: 'mine' is neither shared nor per-workspace");
  }

  @Test
  void urlsMustBeHttpsAndLoseTrailingSlashes() {
    assertThat(of("U", "https://h.example/api//").find("U", SettingValues::https))
        .contains(URI.create("https://h.example/api"));
    assertThatThrownBy(() -> of("U", "http://h.example").find("U", SettingValues::https))
        .hasMessage("U: 'http://h.example' is not an https URL");
  }

  @Test
  void theReaderRemembersEveryNameItWasAskedFor() {
    SettingValues s = of("A", "1");
    s.find("A");
    s.get("B", "x");
    s.find("C", SettingValues::bool);

    assertThat(s.names()).containsExactlyInAnyOrder("A", "B", "C");
  }
}
