package dev.lakewire.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.lakewire.app.Lakewire;
import dev.lakewire.onboarding.worker.Onboarding;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code startOnboarding}: {@code POST /api/onboarding} with {@code {"workspaceResourceId": "..."}}
 * (function key) queues the first step and answers 202 with a tracking id and the status URL;
 * 400/413/415 name the field that is wrong.
 *
 * <p>Settings read: the policy ({@code LAKEWIRE_*}), {@code
 * ServiceBusConnection__fullyQualifiedNamespace}, {@code LAKEWIRE_QUEUE_CREATE_ACCESS_CONNECTOR},
 * {@code AZURE_CLIENT_ID}, the ledger settings.
 */
public class StartOnboardingFunction {

  private final Supplier<Onboarding> onboarding;

  public StartOnboardingFunction() {
    this(Lakewire::onboarding);
  }

  public StartOnboardingFunction(Onboarding onboarding) {
    this(() -> onboarding);
  }

  private StartOnboardingFunction(Supplier<Onboarding> onboarding) {
    this.onboarding = onboarding;
  }

  @FunctionName("startOnboarding")
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "request",
              methods = {HttpMethod.POST},
              authLevel = AuthorizationLevel.FUNCTION,
              route = "onboarding")
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    return KickoffResponses.handle(
        request, context, "onboarding", onboarding.get().kickoff()::start);
  }
}
