package dev.lakewire.function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.lakewire.app.Lakewire;
import dev.lakewire.onboarding.InvalidInputException;
import dev.lakewire.onboarding.Kickoff;
import dev.lakewire.onboarding.LogText;
import dev.lakewire.onboarding.Onboarding;
import java.util.Optional;
import java.util.function.Supplier;

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
public class OffboardFunction {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<Onboarding> onboarding;

  public OffboardFunction() {
    this(Lakewire::onboarding);
  }

  public OffboardFunction(Onboarding onboarding) {
    this(() -> onboarding);
  }

  private OffboardFunction(Supplier<Onboarding> onboarding) {
    this.onboarding = onboarding;
  }

  @FunctionName("offboard")
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "request",
              methods = {HttpMethod.POST},
              authLevel = AuthorizationLevel.FUNCTION,
              route = "offboard")
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    try {
      Kickoff.Accepted accepted =
          onboarding
              .get()
              .kickoff()
              .offboard(
                  StartOnboardingFunction.header(request.getHeaders(), "content-type"),
                  request.getBody().orElse(null));
      String statusUrl =
          StartOnboardingFunction.statusUrl(request.getUri(), accepted.workspaceResourceId())
              .replaceFirst("/offboard/onboarding/status", "/onboarding/status");
      ObjectNode body = JSON.createObjectNode();
      body.put("trackingId", accepted.trackingId());
      body.put("workspaceResourceId", accepted.workspaceResourceId());
      body.put("statusUrl", statusUrl);
      context.getLogger().info(() -> LogText.line("offboarding queued: " + accepted));
      return request
          .createResponseBuilder(HttpStatus.ACCEPTED)
          .header("Content-Type", "application/json")
          .header("Location", statusUrl)
          .body(body.toString())
          .build();
    } catch (InvalidInputException e) {
      context
          .getLogger()
          .warning(() -> LogText.line("offboarding request rejected: " + e.getMessage()));
      return Problems.of(request, e);
    }
  }
}
