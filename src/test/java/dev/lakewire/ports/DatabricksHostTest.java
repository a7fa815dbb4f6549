package dev.lakewire.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabricksHostTest {

  @Test
  void acceptsAnAzureDatabricksWorkspaceHostBareOrAfterHttps() {
    assertThat(
            DatabricksHost.parse(
                    "adb-1234567890123456.7.azuredatabricks.net", "azuredatabricks.net")
                .url())
        .isEqualTo("https://adb-1234567890123456.7.azuredatabricks.net");
    assertThat(
            DatabricksHost.parse("https://adb-1.22.azuredatabricks.net", "azuredatabricks.net")
                .name())
        .isEqualTo("adb-1.22.azuredatabricks.net");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "attacker.example",
        "adb-1.2@attacker.example",
        "x#.azuredatabricks.net",
        "adb-1.2.azuredatabricks.net.attacker.example",
        "ADB-1.2.AZUREDATABRICKS.NET",
        "adb-1.2.azuredatabricks.net.",
        "adb-1.2.azuredatabricks.net:443",
        "https://adb-1.2.azuredatabricks.net/",
        "https://adb-1.2.azuredatabricks.net/api",
        "adb-1.2.azuredatabricks.net?x=1",
        "adb-1.2.azuredatabricks.net#x",
        "user@adb-1.2.azuredatabricks.net",
        "http://adb-1.2.azuredatabricks.net",
        "adb-1.2.evilazuredatabricks.net",
        "adb-1.2.x.azuredatabricks.net",
        "adb-.2.azuredatabricks.net",
        "adb-1.azuredatabricks.net",
        "adb-1.2.azuredatabricks.net\n",
        " adb-1.2.azuredatabricks.net",
        ""
      })
  void refusesEverythingElse(String hostile) {
    assertThatThrownBy(() -> DatabricksHost.parse(hostile, "azuredatabricks.net"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("adb-<digits>.<digits>.azuredatabricks.net")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aSovereignCloudsDomainIsASetting() {
    assertThat(DatabricksHost.parse("adb-1.2.databricks.azure.cn", "databricks.azure.cn").name())
        .isEqualTo("adb-1.2.databricks.azure.cn");
    assertThatThrownBy(
            () -> DatabricksHost.parse("adb-1.2.azuredatabricks.net", "databricks.azure.cn"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "net",
        "Azuredatabricks.net",
        "azuredatabricks.net.",
        ".azuredatabricks.net",
        "a..b",
        "x/y.net"
      })
  void refusesADomainThatIsNotLowerCaseDnsLabels(String domain) {
    assertThatThrownBy(() -> DatabricksHost.checkDomain(domain))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
