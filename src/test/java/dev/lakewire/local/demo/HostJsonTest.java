package dev.lakewire.local.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void readsMaxConcurrentCallsFromTheHostJsonTheAppDeploys() throws Exception {
    int deployed =
        JSON.readTree(Files.readString(Path.of("host.json")))
            .at("/extensions/serviceBus/maxConcurrentCalls")
            .asInt();

    assertThat(HostJson.maxConcurrentCalls()).isEqualTo(deployed).isPositive();
  }

  @Test
  void namesTheSettingWhenItIsMissingOrNotAPositiveInteger() throws Exception {
    for (String host :
        new String[] {
          "{}",
          "{\"extensions\":{\"serviceBus\":{\"maxConcurrentCalls\":0}}}",
          "{\"extensions\":{\"serviceBus\":{\"maxConcurrentCalls\":\"16\"}}}",
          "{\"extensions\":{\"serviceBus\":{\"maxConcurrentCalls\":2.5}}}"
        }) {
      assertThatThrownBy(() -> HostJson.maxConcurrentCalls(JSON.readTree(host)))
          .as(host)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("extensions.serviceBus.maxConcurrentCalls");
    }
  }
}
