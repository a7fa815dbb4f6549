package dev.lakewire.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.TimerTrigger;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.worker.Sweep;

/**
 * {@code repairDrift}: on a schedule (daily by default), the sweep over every Databricks workspace
 * of the allowed subscriptions ({@link Sweep}, {@link Sweep.Mode#ALL}): each workspace that is not
 * in a run gets a new run, whose steps, being reconcilers, write only what is missing: a role
 * assignment someone removed, the connector of a workspace whose event was lost, a workspace that
 * existed before lakewire. The runs start {@link Sweep#DEFAULT_SPACING} apart as scheduled
 * messages, so a sweep of hundreds of workspaces does not burst ARM.
 *
 * <p>The schedule is the app setting {@value #SCHEDULE_SETTING}, bound with a {@code %SETTING%}
 * binding expression: a six-field NCRONTAB expression ({@code {second} {minute} {hour} {day}
 * {month} {day-of-week}}), UTC unless {@code WEBSITE_TIME_ZONE} says otherwise; the host refuses to
 * start the function when the setting is missing, so infra sets it (default {@value
 * #SCHEDULE_DEFAULT}: 03:00 every day). See "Timer trigger for Azure Functions", NCRONTAB
 * expressions and binding expressions:
 * https://learn.microsoft.com/azure/azure-functions/functions-bindings-timer#ncrontab-expressions
 * and https://learn.microsoft.com/azure/azure-functions/functions-bindings-expressions-patterns.
 *
 * <p>Settings read: {@value #SCHEDULE_SETTING} (the host, for the trigger); {@code
 * LAKEWIRE_ALLOWED_SUBSCRIPTIONS} (the subscriptions swept; empty logs that there is nothing it can
 * list and sweeps nothing); {@code LAKEWIRE_ARM_ENDPOINT}, {@code AZURE_CLIENT_ID}, {@code
 * AZURE_TENANT_ID}, {@code LAKEWIRE_CREDENTIAL} (the ARM list); {@code
 * ServiceBusConnection__fullyQualifiedNamespace} and {@code LAKEWIRE_QUEUE_CREATE_ACCESS_CONNECTOR}
 * (the kickoffs); the ledger settings ({@code LAKEWIRE_LEDGER_TABLE}, {@code
 * LAKEWIRE_LEDGER_ENDPOINT} or {@code AzureWebJobsStorage__accountName}); and the policy the steps
 * read.
 */
public class DriftRepairFunction extends LakewireFunction {

  /** The app setting holding the NCRONTAB schedule. */
  public static final String SCHEDULE_SETTING = "LAKEWIRE_DRIFT_SCHEDULE";

  /** What infra sets {@value #SCHEDULE_SETTING} to: every day at 03:00. */
  public static final String SCHEDULE_DEFAULT = "0 0 3 * * *";

  @FunctionName("repairDrift")
  public void run(
      @TimerTrigger(name = "timer", schedule = "%" + SCHEDULE_SETTING + "%") String timerInfo,
      ExecutionContext context) {
    Sweep sweep = onboarding().sweep();
    if (onboarding().policy().allowedSubscriptions().isEmpty()) {
      context
          .getLogger()
          .warning(
              "repairDrift: LAKEWIRE_ALLOWED_SUBSCRIPTIONS is empty (every subscription allowed),"
                  + " so there is no list of subscriptions to sweep; nothing swept");
      return;
    }
    Sweep.Result result =
        sweep.run(sweep.defaultSubscriptions(), Sweep.Mode.ALL, Sweep.DEFAULT_SPACING, "sweep");
    context
        .getLogger()
        .info(
            () ->
                LogText.line(
                    "repairDrift: "
                        + result.items().size()
                        + " workspace(s) in "
                        + result.subscriptions().size()
                        + " subscription(s); "
                        + result.count(Sweep.Decision.STARTED)
                        + " run(s) started, "
                        + result.count(Sweep.Decision.IN_PROGRESS)
                        + " in progress, "
                        + result.count(Sweep.Decision.UNUSABLE)
                        + " unusable"));
  }
}
