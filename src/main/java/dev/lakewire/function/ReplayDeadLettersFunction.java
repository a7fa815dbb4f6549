package dev.lakewire.function;

import static com.microsoft.azure.functions.HttpMethod.POST;
import static com.microsoft.azure.functions.annotation.AuthorizationLevel.FUNCTION;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.lakewire.onboarding.message.JsonContentType;
import dev.lakewire.ports.DeadLetterQueues;
import java.util.List;
import java.util.Optional;

/**
 * {@code replayDeadLetters}: {@code POST /api/onboarding/replay} (function key) with {@code
 * {"step": "ASSIGN_STORAGE_ROLES", "workspaceResourceId": "..." (optional), "max": 100 (optional)}}
 * moves that step queue's dead-lettered messages (all, or one workspace's) back to the queue and
 * answers what it moved. Content-Type must be {@code application/json} (415 otherwise); {@code max}
 * a whole number from 1 to 500.
 *
 * <p>Settings read: {@code ServiceBusConnection__fullyQualifiedNamespace}, the step queue settings,
 * {@code AZURE_CLIENT_ID}, the ledger settings.
 */
public class ReplayDeadLettersFunction extends LakewireFunction {

  private static final String ROUTE = "onboarding/replay";

  @FunctionName("replayDeadLetters")
  public HttpResponseMessage run(
      @HttpTrigger(name = "request", methods = POST, authLevel = FUNCTION, route = ROUTE)
          HttpRequestMessage<Optional<String>> request,
      ExecutionContext context) {
    return HttpAnswers.orProblem(
        request,
        () -> {
          JsonContentType.require(HttpAnswers.header(request, "content-type"));
          List<DeadLetterQueues.Moved> moved =
              onboarding().replay().replay(request.getBody().orElse(null));
          context.getLogger().info(() -> "replayed " + moved.size() + " dead-lettered messages");
          return HttpAnswers.json(request, HttpStatus.OK, answer(moved));
        });
  }

  /** {@code {"moved": n, "messages": [{messageId, newMessageId, workspaceResourceId, …}]}}. */
  private static ObjectNode answer(List<DeadLetterQueues.Moved> moved) {
    ArrayNode items = JSON.createArrayNode();
    for (DeadLetterQueues.Moved m : moved) {
      ObjectNode n = items.addObject();
      n.put("messageId", m.messageId());
      n.put("newMessageId", m.newMessageId());
      n.put("workspaceResourceId", m.workspaceResourceId());
      n.put("deadLetterReason", m.deadLetterReason());
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("moved", moved.size());
    body.set("messages", items);
    return body;
  }
}
