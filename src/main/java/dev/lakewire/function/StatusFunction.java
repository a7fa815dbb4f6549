package dev.lakewire.function;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import java.util.Map;
import java.util.Optional;

/**
 * {@code onboardingStatus}: {@code GET /api/onboarding/status?workspaceResourceId=...} (function
 * key) answers one workspace's ledger record (404 when unknown); without the parameter, a page of
 * records in the ledger's order (subscription, then workspace id): {@code top} (1–1000, default
 * 100), {@code continuation} (the previous page's, opaque), {@code status=FAILED} filters. The
 * answer has {@code continuation} while more may follow (a page may hold fewer than {@code top}).
 *
 * <p>Settings read: the ledger settings ({@code LAKEWIRE_LEDGER_TABLE}, {@code
 * LAKEWIRE_LEDGER_ENDPOINT} or {@code AzureWebJobsStorage__accountName}), {@code AZURE_CLIENT_ID}.
 */
public class StatusFunction extends LakewireFunction {

  private static final String ROUTE = "onboarding/status";

  @FunctionName("onboardingStatus")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = GET, authLevel = FUNCTION, route = ROUTE)
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    try {
      String ws = request.getQueryParameters().get("workspaceResourceId");
      if (ws != null) {
        Optional<OnboardingRecord> r = onboarding().status().one(ws);
        if (r.isEmpty()) {
          ObjectNode body = JSON.createObjectNode();
          body.put("title", "not found");
          body.put("status", 404);
          body.put("detail", "lakewire has no record of " + ws);
          return json(request, HttpStatus.NOT_FOUND, body.toString(), "application/problem+json");
        }
        return json(request, HttpStatus.OK, toJson(r.get()).toString(), "application/json");
      }
      Map<String, String> query = request.getQueryParameters();
      OnboardingLedger.Page page =
          onboarding()
              .status()
              .page(query.get("top"), query.get("continuation"), query.get("status"));
      ArrayNode items = JSON.createArrayNode();
      page.records().forEach(r -> items.add(toJson(r)));
      ObjectNode body = JSON.createObjectNode();
      body.put("count", page.records().size());
      body.set("onboardings", items);
      if (page.continuation() != null) {
        body.put("continuation", page.continuation());
      }
      return json(request, HttpStatus.OK, body.toString(), "application/json");
    } catch (InvalidInputException e) {
      return Problems.of(request, e);
    }
  }

  static ObjectNode toJson(OnboardingRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("workspaceResourceId", r.workspaceResourceId());
    n.put("step", r.step());
    n.put("status", r.status().name());
    n.put("attempts", r.attempts());
    n.put("firstSeen", String.valueOf(r.firstSeen()));
    n.put("lastUpdated", String.valueOf(r.lastUpdated()));
    n.put("lastError", r.lastError());
    n.put("correlationId", r.correlationId());
    n.put("run", r.run());
    ObjectNode steps = n.putObject("stepAttempts");
    r.stepAttempts().forEach(steps::put);
    return n;
  }

  private static HttpResponseMessage json(
      HttpRequestMessage<?> request, HttpStatus status, String body, String contentType) {
    return request
        .createResponseBuilder(status)
        .header("Content-Type", contentType)
        .body(body)
        .build();
  }
}
