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
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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

  private static final ObjectMapper JSON = new ObjectMapper();

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
    try {
      Kickoff.Accepted accepted =
          onboarding
              .get()
              .kickoff()
              .start(header(request.getHeaders(), "content-type"), request.getBody().orElse(null));
      String statusUrl = statusUrl(request.getUri(), accepted.workspaceResourceId());
      ObjectNode body = JSON.createObjectNode();
      body.put("trackingId", accepted.trackingId());
      body.put("workspaceResourceId", accepted.workspaceResourceId());
      body.put("statusUrl", statusUrl);
      context.getLogger().info(() -> LogText.line("onboarding queued: " + accepted));
      return request
          .createResponseBuilder(HttpStatus.ACCEPTED)
          .header("Content-Type", "application/json")
          .header("Location", statusUrl)
          .body(body.toString())
          .build();
    } catch (InvalidInputException e) {
      context
          .getLogger()
          .warning(() -> LogText.line("onboarding request rejected: " + e.getMessage()));
      return Problems.of(request, e);
    }
  }

  static String statusUrl(URI requestUri, String workspaceResourceId) {
    String base =
        requestUri == null
            ? ""
            : requestUri.getScheme()
                + "://"
                + requestUri.getRawAuthority()
                + requestUri.getRawPath().replaceAll("/onboarding/?$", "");
    return base
        + "/onboarding/status?workspaceResourceId="
        + URLEncoder.encode(workspaceResourceId, StandardCharsets.UTF_8);
  }

  static String header(Map<String, String> headers, String name) {
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }
}
