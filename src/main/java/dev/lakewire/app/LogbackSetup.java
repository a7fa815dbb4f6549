package dev.lakewire.app;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * The deployable's Logback configuration, in code: what {@code logback.xml} said, without Joran and
 * the XML parser it brings (about 800 classes before the first step, issue 11). Found by Logback
 * through {@code META-INF/services/ch.qos.logback.classic.spi.Configurator} ("Configuration at
 * initialization", logback.qos.ch/manual/configuration.html). With the Application Insights Java
 * agent on, the agent records each Logback event itself, its MDC as customDimensions ({@link
 * dev.lakewire.onboarding.worker.StepLogContext}); the console line is what reaches the Functions
 * host when the agent is off, so it carries the same fields as text ({@code %mdc}).
 *
 * <p>A {@code logback-test.xml} on the class path (the tests and the local run) or the {@code
 * logback.configurationFile} property takes precedence: this configurator then leaves the
 * configuration to Logback's own.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {

  static final String PATTERN = "%-5level %logger{0}: %msg [%mdc]%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    boolean fileGiven =
        System.getProperty("logback.configurationFile") != null
            || LogbackSetup.class.getClassLoader().getResource("logback-test.xml") != null;
    return fileGiven ? ExecutionStatus.INVOKE_NEXT_IF_ANY : configureConsole(context);
  }

  /** The deployable's configuration on {@code context}. */
  static ExecutionStatus configureConsole(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
    console.setContext(context);
    console.setName("CONSOLE");
    console.setEncoder(encoder);
    console.start();
    // azure-core logs through SLF4J when a backend is present: its JDK HTTP client warns on every
    // PUT/POST that it drops the Content-Length header it sets itself (noise, not a fault; the
    // java.util.logging side is quieted in AzureWiring)
    context.getLogger("com.azure.core.http.jdk.httpclient.JdkHttpClient").setLevel(Level.ERROR);
    context.getLogger("dev.lakewire").setLevel(Level.INFO);
    ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(console);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
