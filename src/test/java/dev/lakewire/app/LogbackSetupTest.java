package dev.lakewire.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

class LogbackSetupTest {

  @Test
  void theDeployablePrintsTheMdcOnTheConsoleLineAtItsLevelsWithoutAnyXml() {
    LoggerContext context = new LoggerContext();

    ExecutionStatus status = LogbackSetup.configureConsole(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(Level.WARN);
    assertThat(context.getLogger("dev.lakewire.onboarding.worker.StepWorker").getEffectiveLevel())
        .isEqualTo(Level.INFO);
    assertThat(
            context
                .getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient")
                .getEffectiveLevel())
        .isEqualTo(Level.ERROR);
    ConsoleAppender<ILoggingEvent> console =
        (ConsoleAppender<ILoggingEvent>) root.getAppender("CONSOLE");
    assertThat(console.isStarted()).isTrue();
    assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern()).contains("%mdc");
  }

  @Test
  void aLogbackTestXmlOnTheClassPathIsLeftToLogbacksOwnConfiguration() {
    // the tests' class path has src/test/resources/logback-test.xml
    LoggerContext context = new LoggerContext();

    assertThat(new LogbackSetup().configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).iteratorForAppenders())
        .isExhausted();
  }
}
