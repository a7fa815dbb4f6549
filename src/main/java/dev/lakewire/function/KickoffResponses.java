package dev.lakewire.function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.LogText;
import dev.lakewire.onboarding.worker.Kickoff;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The HTTP kickoffs' one shape ({@code POST /api/onboarding}, {@code POST /api/offboard}): hand the
 * Content-Type and body to the use case, answer 202 with the tracking id and the status URL (also
 * as {@code Location}), or a problem naming the field.
 */
final class KickoffResponses {

  private KickoffResponses() {}

  /** The use case: (Content-Type, body) → what was queued; throws InvalidInputException. */
  interface Start {
    Kickoff.Accepted apply(String contentType, String body);
  }

  /**
   * @param what what is queued, for the log ({@code onboarding}, {@code offboarding})
   */
  static HttpResponseMessage handle(
      HttpRequestMessage<Optional<String>> request,
      ExecutionContext context,
      String what,
      Start start) {
    try {
      Kickoff.Accepted accepted =
          start.apply(HttpAnswers.header(request, "content-type"), request.getBody().orElse(null));
      String statusUrl = statusUrl(request.getUri(), accepted.workspaceResourceId());
      ObjectNode body = LakewireFunction.JSON.createObjectNode();
      body.put("trackingId", accepted.trackingId());
      body.put("workspaceResourceId", accepted.workspaceResourceId());
      body.put("statusUrl", statusUrl);
      context.getLogger().info(() -> LogText.line(what + " queued: " + accepted));
      return request
          .createResponseBuilder(HttpStatus.ACCEPTED)
          .header("Content-Type", "application/json")
          .header("Location", statusUrl)
          .body(body.toString())
          .build();
    } catch (InvalidInputException e) {
      context
          .getLogger()
          .warning(() -> LogText.line(what + " request rejected: " + e.getMessage()));
      return HttpAnswers.problem(request, e);
    }
  }

  /** {@code <scheme>://<host>/api/onboarding/status?workspaceResourceId=…} for a kickoff's URI. */
  static String statusUrl(URI requestUri, String workspaceResourceId) {
    String base =
        requestUri == null
            ? ""
            : requestUri.getScheme()
                + "://"
                + requestUri.getRawAuthority()
                + requestUri.getRawPath().replaceAll("/(onboarding|offboard)/?$", "");
    return base
        + "/onboarding/status?workspaceResourceId="
        + URLEncoder.encode(workspaceResourceId, StandardCharsets.UTF_8);
  }
}
