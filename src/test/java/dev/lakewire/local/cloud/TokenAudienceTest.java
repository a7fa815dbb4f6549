package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lakewire.local.ManualClock;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ARM checks the audience of every bearer token: it accepts its two audiences (its 401
 * InvalidAuthenticationTokenAudience names both) and refuses any other, e.g. a Databricks token.
 */
class TokenAudienceTest {

  private final LocalCloud cloud =
      LocalCloud.start(CloudOptions.defaults().withClock(ManualClock.atEpochOfDemo()));

  @AfterEach
  void stop() {
    cloud.close();
  }

  private int armStatusWithTokenFor(String resource) {
    HttpResponse<String> r =
        Clients.send(
            Clients.arm(
                cloud,
                "GET",
                "/subscriptions/"
                    + Clients.SUBSCRIPTION
                    + "/resourcegroups/rg-x?api-version=2021-04-01",
                null,
                Clients.rawToken(resource, null)));
    return r.statusCode();
  }

  @Test
  void armAcceptsBothOfItsAudiencesAndRefusesAnyOther() {
    assertThat(armStatusWithTokenFor("https://management.azure.com/")).isNotEqualTo(401);
    assertThat(armStatusWithTokenFor("https://management.core.windows.net/")).isNotEqualTo(401);
    assertThat(armStatusWithTokenFor(LocalCloud.DATABRICKS_RESOURCE)).isEqualTo(401);
    assertThat(armStatusWithTokenFor("https://storage.azure.com/")).isEqualTo(401);
  }
}
