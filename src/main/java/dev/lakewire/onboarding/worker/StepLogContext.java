package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.message.StepMessage;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The fields every log line written while a step message is handled carries, in the SLF4J MDC:
 * {@value #WORKSPACE_ID}, {@value #STEP}, {@value #CORRELATION_ID}, {@value #RUN}, {@value
 * #GENERATION} and {@value #REQUESTED_BY}.
 *
 * <p>Why the MDC: with {@code APPLICATIONINSIGHTS_ENABLE_AGENT=true} the Application Insights Java
 * agent in the Functions worker records Logback (and Log4j) events itself and adds their MDC
 * entries to the {@code traces} row as {@code customDimensions} ("Logback (including MDC
 * properties)", learn.microsoft.com/azure/azure-monitor/app/java-in-process-agent, autocollected
 * logs); {@code java.util.logging} records (including {@code ExecutionContext.getLogger()}) have no
 * MDC and arrive without them. The deployable's Logback configuration ({@code
 * dev.lakewire.app.LogbackSetup}) also prints the MDC on the console line, which is what the
 * Functions host keeps when the agent is off.
 *
 * <p>The workspace id, correlation id and requester come from outside: they are put through {@link
 * LogText#clean} (no control or bidi characters, at most {@value LogText#MAX} characters).
 */
public final class StepLogContext implements AutoCloseable {

  public static final String WORKSPACE_ID = "workspaceId";
  public static final String STEP = "step";
  public static final String CORRELATION_ID = "correlationId";
  public static final String RUN = "run";
  public static final String GENERATION = "generation";
  public static final String REQUESTED_BY = "requestedBy";

  /**
   * On the line that says how a message ended: {@code ADVANCED}, {@code COMPLETED} (the last step
   * advanced), {@code WAITING} (a re-check is scheduled), {@code SKIPPED} (by the workspace's
   * tags), {@code FAILED} or {@code STALE}. The alert on failed onboardings and the saved queries
   * in infra/app/alerts.bicep filter on it.
   */
  public static final String OUTCOME = "outcome";

  private final Map<String, String> previous;

  private StepLogContext(Map<String, String> previous) {
    this.previous = previous;
  }

  /** The fields of a step message, cleaned, in a stable order. */
  public static Map<String, String> fields(StepMessage m) {
    Map<String, String> f = new LinkedHashMap<>();
    f.put(WORKSPACE_ID, LogText.clean(m.workspaceResourceId()));
    f.put(STEP, String.valueOf(m.step()));
    f.put(CORRELATION_ID, LogText.clean(m.correlationId()));
    f.put(RUN, Integer.toString(m.run()));
    f.put(GENERATION, Integer.toString(m.generation()));
    f.put(REQUESTED_BY, LogText.clean(m.requestedBy()));
    return f;
  }

  /**
   * Puts the message's fields into this thread's MDC until {@link #close}, which restores what was
   * there before (a worker thread handles many messages; nothing leaks to the next one).
   */
  public static StepLogContext open(StepMessage m) {
    StepLogContext context = new StepLogContext(MDC.getCopyOfContextMap());
    fields(m).forEach(MDC::put);
    return context;
  }

  /** Adds the outcome of the message being handled (removed with the other fields at close). */
  static void outcome(String outcome) {
    MDC.put(OUTCOME, outcome);
  }

  @Override
  public void close() {
    if (previous == null || previous.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(previous);
    }
  }
}
