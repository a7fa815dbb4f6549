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
 * {@code offboard}: {@code POST /api/offboard} with {@code {"workspaceResourceId": "..."}}
 * (function key) queues the first offboarding step (the HTTP equivalent of a workspace's {@code
 * ResourceDeleteSuccess}, e.g. for a delete event that was lost) and answers 202 with a tracking id
 * and the status URL; 400/413/415 name the field that is wrong.
 *
 * <p>Settings read: the policy ({@code LAKEWIRE_*}), {@code
 * ServiceBusConnection__fullyQualifiedNamespace}, {@code LAKEWIRE_QUEUE_REMOVE_STORAGE_ROLES},
 * {@code AZURE_CLIENT_ID}, the ledger settings.
 */
public class OffboardFunction extends LakewireFunction {

  @FunctionName("offboard")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = POST, authLevel = FUNCTION, route = "offboard")
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    return KickoffResponses.handle(
        request, context, "offboarding", onboarding().kickoff()::offboard);
  }
}
