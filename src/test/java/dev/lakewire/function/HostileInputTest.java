package dev.lakewire.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import dev.lakewire.local.EventSamples;
import dev.lakewire.local.EventSamples.Schema;
import dev.lakewire.local.LocalExecutionContext;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.testing.FakeHttpRequest;
import dev.lakewire.testing.TestWorld;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The smaller hostile-input items of issue 10 (item 6), through the function classes. */
class HostileInputTest {

  private final TestWorld world = new TestWorld();
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Logger logger = Logger.getLogger("hostile-input-test");
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private final LocalExecutionContext context;

  HostileInputTest() {
    logger.addHandler(capture);
    logger.setLevel(java.util.logging.Level.ALL);
    logger.setUseParentHandlers(false);
    context = new LocalExecutionContext("test", logger);
  }

  @AfterEach
  void detach() {
    logger.removeHandler(capture);
  }

  private HttpResponseMessage kickoff(String contentType, String body) {
    return LakewireFunction.using(world.onboarding, StartOnboardingFunction::new)
        .run(new FakeHttpRequest("https://x/api/onboarding", contentType, body), context);
  }

  private HttpResponseMessage replay(String contentType, String body) {
    return LakewireFunction.using(world.onboarding, ReplayDeadLettersFunction::new)
        .run(new FakeHttpRequest("https://x/api/onboarding/replay", contentType, body), context);
  }

  @Test
  void controlCharactersInEventFieldsCannotForgeLogLines() {
    String ws = TestWorld.workspaceId("ws-logs");
    ObjectNode ignoredType = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e-1", "c-1");
    ignoredType.put("id", "e-1\n2026-12-01 SEVERE forged: admin logged in");
    ignoredType.put("eventType", "Other\r\nSEVERE forged\u2028line");
    ObjectNode ignoredOperation = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e-2", "c-2");
    ((ObjectNode) ignoredOperation.get("data"))
        .put("operationName", "Microsoft.Foo/write\nSEVERE forged");

    LakewireFunction.using(world.onboarding, WorkspaceEventFunction::new)
        .run(EventSamples.delivery(List.of(ignoredType, ignoredOperation)), context);

    assertThat(logged).hasSize(2);
    assertThat(logged)
        .allSatisfy(
            line -> {
              assertThat(line).doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028");
              assertThat(line).contains("\\u000a");
            });
  }

  @Test
  void anOverlongCorrelationIdIsCappedAndCleanedBeforeTheLedgerAndTheMessageId() {
    String ws = TestWorld.workspaceId("ws-corr");
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");
    ObjectNode event = EventSamples.workspaceWrite(Schema.EVENT_GRID, ws, "e-1", "c");
    ((ObjectNode) event.get("data")).put("correlationId", "x".repeat(100_000) + "\n\u0000");

    LakewireFunction.using(world.onboarding, WorkspaceEventFunction::new)
        .run(EventSamples.delivery(List.of(event)), context);
    world.drain();

    OnboardingRecord r = world.ledger.find(ws).orElseThrow();
    assertThat(r.correlationId()).hasSizeLessThanOrEqualTo(128).matches("[\\x21-\\x7e]+");
    assertThat(r.status()).isEqualTo(OnboardingRecord.Status.COMPLETED);
  }

  @Test
  void aStepMessageWithAnOverlongCorrelationIdIsRefused() {
    String body =
        StepMessage.first(
                WorkspaceRef.parse("id", TestWorld.workspaceId("ws-x")),
                Step.CREATE_ACCESS_CONNECTOR,
                "c".repeat(5_000),
                "test",
                0)
            .toJson();

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StepMessage.fromJson(body))
        .hasMessageContaining("correlationId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"10\"", "2.5", "true", "-1", "0", "501", "1e2", "[]"})
  void aReplayMaxThatIsNotAPositiveWholeNumberIsRefusedNamingMax(String max) throws Exception {
    HttpResponseMessage r =
        replay("application/json", "{\"step\":\"BIND_METASTORE\",\"max\":" + max + "}");

    assertThat(r.getStatus()).isEqualTo(HttpStatus.BAD_REQUEST);
    assertThat(new ObjectMapper().readTree((String) r.getBody()).get("field").asText())
        .isEqualTo("max");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/jsonp",
        "application/json-patch+json",
        "text/json",
        "application/json; charset=latin1",
        "application/json; boundary=x",
        "application/json;charset=utf-8;x=y",
        "text/plain"
      })
  void aContentTypeThatIsNotExactlyJsonIsRefusedOnBothPostEndpoints(String contentType) {
    String ws = TestWorld.workspaceId("ws-ct");

    assertThat(kickoff(contentType, "{\"workspaceResourceId\":\"" + ws + "\"}").getStatus())
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(replay(contentType, "{\"step\":\"BIND_METASTORE\"}").getStatus())
        .isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    assertThat(world.ledger.find(ws)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "application/json",
        "Application/JSON; charset=UTF-8",
        "application/json ;charset=\"utf-8\""
      })
  void jsonWithAnOptionalUtf8CharsetIsAccepted(String contentType) {
    String ws = TestWorld.workspaceId("ws-ok");
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");

    assertThat(kickoff(contentType, "{\"workspaceResourceId\":\"" + ws + "\"}").getStatus())
        .isEqualTo(HttpStatus.ACCEPTED);
  }

  @Test
  void anIdWithoutItsLeadingSlashIsTheSameWorkspaceInTheLedgerAndTheMessageIds() {
    String ws = TestWorld.workspaceId("ws-slash");
    world.cloud.addWorkspace(ws, "westeurope", "Succeeded");

    HttpResponseMessage r =
        kickoff("application/json", "{\"workspaceResourceId\":\"" + ws.substring(1) + "\"}");
    world.drain();

    assertThat(r.getStatus()).isEqualTo(HttpStatus.ACCEPTED);
    assertThat(world.ledger.find(ws)).isPresent();
    assertThat(world.ledger.find(ws).orElseThrow().workspaceResourceId()).isEqualTo(ws);
    assertThat(WorkspaceRef.parse("id", ws.substring(1)).id()).isEqualTo(ws);
    assertThat(
            StepMessage.first(
                    WorkspaceRef.parse("id", ws.substring(1)), Step.BIND_METASTORE, "c", "t", 0)
                .messageId())
        .isEqualTo(
            StepMessage.first(WorkspaceRef.parse("id", ws), Step.BIND_METASTORE, "c", "t", 0)
                .messageId());
  }
}
