package dev.lakewire.local.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lakewire.local.ManualClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the local ARM enforces on a workspace PUT that attaches an Access Connector
 * (Microsoft.Databricks 2024-05-01 {@code WorkspaceProperties}: {@code managedResourceGroupId}
 * required, {@code accessConnector} with {@code id} and {@code identityType}), the long-running
 * {@code Updating} state, and the {@code tags} object returned as ARM returns it.
 */
class WorkspaceUpdateRulesTest {

  private static final String SUB = Clients.SUBSCRIPTION;
  private static final String API = "?api-version=2024-05-01";

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private LocalCloud cloud;
  private String armToken;
  private String ws;
  private String connector;

  @BeforeEach
  void start() {
    cloud = LocalCloud.start(CloudOptions.defaults().withClock(clock));
    armToken = Clients.rawToken(Clients.ARM_RESOURCE, null);
    ws = cloud.addWorkspace(SUB, "rg-data", "ws-sales", "westeurope", "Succeeded");
    connector = cloud.addAccessConnector(SUB, "rg-data", "ws-sales-uc", "westeurope");
  }

  @AfterEach
  void stop() {
    cloud.close();
  }

  private HttpResponse<String> put(String properties) {
    String body =
        "{\"location\":\"westeurope\",\"sku\":{\"name\":\"premium\"},\"tags\":{\"Env\":\"prod\"},"
            + "\"properties\":"
            + properties
            + "}";
    return Clients.send(Clients.arm(cloud, "PUT", ws + API, body, armToken));
  }

  private JsonNode get() {
    return Clients.parse(Clients.send(Clients.arm(cloud, "GET", ws + API, null, armToken)).body());
  }

  private String attach(String firewall) {
    return "{\"managedResourceGroupId\":\"/subscriptions/"
        + SUB
        + "/resourceGroups/databricks-rg-ws-sales\",\"accessConnector\":{\"id\":\""
        + connector
        + "\",\"identityType\":\"SystemAssigned\"}"
        + (firewall == null ? "" : ",\"defaultStorageFirewall\":\"" + firewall + "\"")
        + "}";
  }

  @Test
  void theWorkspaceShowsItsTagsAsARMDoes() {
    cloud.setWorkspaceTags(ws, Map.of("lakewire:skip", "true"));

    assertThat(get().at("/tags/lakewire:skip").asText()).isEqualTo("true");
  }

  @Test
  void aConnectorIsAttachedByALongRunningUpdate() {
    HttpResponse<String> accepted = put(attach("Disabled"));

    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(get().at("/properties/provisioningState").asText()).isEqualTo("Updating");
    assertThat(put(attach("Disabled")).statusCode()).as("one operation at a time").isEqualTo(409);

    clock.advance(Duration.ofMinutes(3));

    JsonNode done = get();
    assertThat(done.at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(done.at("/properties/accessConnector/id").asText()).isEqualTo(connector);
    assertThat(done.at("/properties/defaultStorageFirewall").asText()).isEqualTo("Disabled");
    assertThat(done.at("/tags/Env").asText()).isEqualTo("prod");
  }

  @Test
  void anAttachmentIsRefusedWithoutItsFirewallSettingOrWithAConnectorThatIsNotThere() {
    assertThat(put(attach(null)).statusCode()).isEqualTo(400);
    assertThat(put(attach("Disabled").replace("ws-sales-uc", "nobodys-connector")).statusCode())
        .isEqualTo(400);
    assertThat(put(attach("Disabled").replace("SystemAssigned", "UserAssigned")).statusCode())
        .as("the connector has no user-assigned identity")
        .isEqualTo(400);
    assertThat(put("{\"defaultStorageFirewall\":\"Disabled\"}").statusCode())
        .as("managedResourceGroupId is required")
        .isEqualTo(400);
    assertThat(cloud.workspaceAccessConnector(ws)).isEmpty();
    assertThat(get().at("/properties/provisioningState").asText()).isEqualTo("Succeeded");
  }
}
