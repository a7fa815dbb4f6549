package dev.lakewire.function;

import static com.microsoft.azure.functions.HttpMethod.GET;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
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
 * A read logs nothing of its own (the host logs each request), so it binds no execution context.
 */
public class StatusFunction extends LakewireFunction {

  private static final String ROUTE = "onboarding/status";

  @FunctionName("onboardingStatus")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = GET, authLevel = FUNCTION, route = ROUTE)
          HttpRequestMessage<Optional<String>> request) {
    Map<String, String> query = request.getQueryParameters();
    String ws = query.get("workspaceResourceId");
    return HttpAnswers.orProblem(
        request,
        () ->
            ws == null
                ? HttpAnswers.json(request, HttpStatus.OK, page(query))
                : onboarding()
                    .status()
                    .one(ws)
                    .map(r -> HttpAnswers.json(request, HttpStatus.OK, toJson(r)))
                    .orElseGet(
                        () -> HttpAnswers.notFound(request, "lakewire has no record of " + ws)));
  }

  /** A page of records: {@code {"count": n, "onboardings": […], "continuation": …}}. */
  private ObjectNode page(Map<String, String> query) {
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
    return body;
  }

  static ObjectNode toJson(OnboardingRecord r) {
    ObjectNode n = JSON.createObjectNode();
    n.put("workspaceResourceId", r.workspaceResourceId());
    n.put("step", r.step() == null ? null : r.step().name());
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
}
