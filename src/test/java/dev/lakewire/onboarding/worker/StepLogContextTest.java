package dev.lakewire.onboarding.worker;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.lakewire.local.InMemoryLedger;
import dev.lakewire.local.ManualClock;
import dev.lakewire.onboarding.message.StepMessage;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.step.OnboardingStep;
import dev.lakewire.onboarding.step.StepOutcome;
import dev.lakewire.ports.Step;
import dev.lakewire.ports.StepMessages;
import dev.lakewire.testing.TestWorld;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The step worker's log lines carry the message's fields as MDC, which the Application Insights
 * Java agent turns into customDimensions of Logback events (the capturing appender here reads them
 * the way the agent's Logback instrumentation does: {@link ILoggingEvent#getMDCPropertyMap()}).
 */
class StepLogContextTest {

  record Captured(Level level, String message, Map<String, String> mdc) {}

  private final List<Captured> captured = new ArrayList<>();
  private final ch.qos.logback.classic.Logger workerLog =
      (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(StepWorker.class);
  private Level levelBefore;
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent e) {
          captured.add(
              new Captured(
                  e.getLevel(), e.getFormattedMessage(), Map.copyOf(e.getMDCPropertyMap())));
        }
      };

  private final ManualClock clock = ManualClock.atEpochOfDemo();
  private final String ws = TestWorld.workspaceId("analytics");

  @BeforeEach
  void capture() {
    levelBefore = workerLog.getLevel();
    workerLog.setLevel(Level.INFO);
    workerLog.setAdditive(false);
    appender.setContext(workerLog.getLoggerContext());
    appender.start();
    workerLog.addAppender(appender);
  }

  @AfterEach
  void release() {
    workerLog.detachAppender(appender);
    workerLog.setLevel(levelBefore);
    workerLog.setAdditive(true);
    MDC.clear();
  }

  private StepWorker worker(StepOutcome rolesOutcome) {
    StepMessages nowhere =
        new StepMessages() {
          @Override
          public void send(QueuedStep m) {}

          @Override
          public void schedule(QueuedStep m, Instant at) {}

          @Override
          public void deadLetter(QueuedStep m, String reason) {}
        };
    return new StepWorker(
        List.of(
            step(Step.CREATE_ACCESS_CONNECTOR, StepOutcome.advance("ok")),
            step(Step.ASSIGN_STORAGE_ROLES, rolesOutcome),
            step(Step.BIND_METASTORE, StepOutcome.advance("ok"))),
        nowhere,
        new Ledger(new InMemoryLedger(), clock),
        clock,
        new Random(1),
        40,
        sub -> Optional.empty(),
        null);
  }

  private static OnboardingStep step(Step s, StepOutcome outcome) {
    return new OnboardingStep() {
      @Override
      public Step step() {
        return s;
      }

      @Override
      public StepOutcome reconcile(StepMessage m) {
        return outcome;
      }
    };
  }

  private StepMessage message(String correlationId) {
    return StepMessage.first(
        WorkspaceRef.parse("id", ws), Step.ASSIGN_STORAGE_ROLES, correlationId, "eventgrid", 0);
  }

  @Test
  void aStepsDoneLineCarriesWorkspaceStepCorrelationRunAndGeneration() {
    StepMessage m = message("corr-1").recheck().recheck();

    worker(StepOutcome.advance("2 role assignments")).handle(Step.ASSIGN_STORAGE_ROLES, m.toJson());

    Captured done =
        captured.stream().filter(c -> c.message().contains(" done for ")).findFirst().orElseThrow();
    assertThat(done.mdc())
        .containsEntry(StepLogContext.WORKSPACE_ID, ws)
        .containsEntry(StepLogContext.STEP, "ASSIGN_STORAGE_ROLES")
        .containsEntry(StepLogContext.CORRELATION_ID, "corr-1")
        .containsEntry(StepLogContext.RUN, Integer.toString(m.run()))
        .containsEntry(StepLogContext.GENERATION, "2")
        .containsEntry(StepLogContext.REQUESTED_BY, "eventgrid")
        .containsEntry(StepLogContext.OUTCOME, "ADVANCED");
  }

  @Test
  void theLastStepsDoneLineSaysCompleted() {
    StepMessage m =
        StepMessage.first(WorkspaceRef.parse("id", ws), Step.BIND_METASTORE, "corr-3", "http", 0);

    worker(StepOutcome.advance("roles")).handle(Step.BIND_METASTORE, m.toJson());

    Captured done =
        captured.stream().filter(c -> c.message().contains(" done for ")).findFirst().orElseThrow();
    assertThat(done.mdc())
        .containsEntry(StepLogContext.STEP, "BIND_METASTORE")
        .containsEntry(StepLogContext.OUTCOME, "COMPLETED")
        .containsEntry(StepLogContext.REQUESTED_BY, "http");
  }

  @Test
  void aFailedLineIsAWarningWithTheSameFields() {
    worker(StepOutcome.fail("AuthorizationFailed on the storage account"))
        .handle(Step.ASSIGN_STORAGE_ROLES, message("corr-2").toJson());

    Captured failed =
        captured.stream().filter(c -> c.level() == Level.WARN).findFirst().orElseThrow();
    assertThat(failed.message()).contains("failed for").contains("AuthorizationFailed");
    assertThat(failed.mdc())
        .containsEntry(StepLogContext.WORKSPACE_ID, ws)
        .containsEntry(StepLogContext.STEP, "ASSIGN_STORAGE_ROLES")
        .containsEntry(StepLogContext.CORRELATION_ID, "corr-2")
        .containsEntry(StepLogContext.OUTCOME, "FAILED");
  }

  @Test
  void aForgedCorrelationIdIsEscapedInTheDimensionsToo() {
    StepMessage ok = message("ok");
    StepMessage m =
        new StepMessage(
            new WorkspaceRef(
                ws + "\u2028",
                ok.workspace().subscriptionId(),
                ok.workspace().resourceGroup(),
                ok.workspace().name()),
            ok.step(),
            "c1\nINFO forged line\u202e",
            ok.attempt(),
            ok.generation(),
            "x\ry",
            ok.run(),
            ok.throttled(),
            ok.carried());

    Map<String, String> fields = StepLogContext.fields(m);

    assertThat(fields.get(StepLogContext.CORRELATION_ID))
        .doesNotContain("\n")
        .doesNotContain("\u202e")
        .contains("\\u000a")
        .contains("\\u202e");
    assertThat(fields.get(StepLogContext.WORKSPACE_ID)).isEqualTo(ws + "\\u2028");
    assertThat(fields.get(StepLogContext.REQUESTED_BY)).isEqualTo("x\\u000dy");
  }

  @Test
  void theFieldsAreGoneAfterTheMessageAndWhatWasThereBeforeIsKept() {
    MDC.put("hostField", "kept");

    worker(StepOutcome.advance("ok")).handle(Step.ASSIGN_STORAGE_ROLES, message("c").toJson());

    assertThat(MDC.get(StepLogContext.WORKSPACE_ID)).isNull();
    assertThat(MDC.get(StepLogContext.STEP)).isNull();
    assertThat(MDC.get(StepLogContext.OUTCOME)).isNull();
    assertThat(MDC.get("hostField")).isEqualTo("kept");
  }
}
