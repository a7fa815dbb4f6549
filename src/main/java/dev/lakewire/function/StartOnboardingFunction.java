package dev.lakewire.function;

import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import java.util.Optional;

/**
 * {@code startOnboarding}: {@code POST /api/onboarding} with {@code {"workspaceResourceId": "..."}}
 * (function key) queues the first step and answers 202 with a tracking id and the status URL;
 * 400/413/415 name the field that is wrong.
 *
 * <p>Settings read: the policy ({@code LAKEWIRE_*}), {@code
 * ServiceBusConnection__fullyQualifiedNamespace}, {@code LAKEWIRE_QUEUE_CREATE_ACCESS_CONNECTOR},
 * {@code AZURE_CLIENT_ID}, the ledger settings.
 */
public class StartOnboardingFunction extends LakewireFunction {

  @FunctionName("startOnboarding")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = POST, authLevel = FUNCTION, route = "onboarding")
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    return KickoffResponses.handle(request, context, "onboarding", onboarding().kickoff()::start);
  }
}
