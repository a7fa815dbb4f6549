package dev.lakewire.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An Event Grid custom topic with the CloudEvents 1.0 input schema and local auth disabled, as
 * lakewire's infra creates it: {@code POST /api/events?api-version=2018-01-01}. It keeps every
 * event it accepted, in order, for tests and the demo.
 *
 * <p>Rules, each as strict as Event Grid's:
 *
 * <ul>
 *   <li>{@code api-version} is required (<a
 *       href="https://learn.microsoft.com/azure/event-grid/post-to-custom-topic">Post to custom
 *       topic</a>: {@code https://<topic-endpoint>?api-version=2018-01-01}); POST only.
 *   <li>Microsoft Entra ID only: a bearer token for {@code https://eventgrid.azure.net} (<a
 *       href="https://learn.microsoft.com/azure/event-grid/authenticate-with-microsoft-entra-id">
 *       Authenticate publishing clients using Microsoft Entra ID</a>); SAS keys and tokens ({@code
 *       aeg-sas-key}, {@code aeg-sas-token}) are refused because the topic has {@code
 *       disableLocalAuth} (401).
 *   <li>The caller must hold "EventGrid Data Sender" ({@value #DATA_SENDER}, <a
 *       href="https://learn.microsoft.com/azure/role-based-access-control/built-in-roles/integration#eventgrid-data-sender">built-in
 *       roles</a>) on the topic or a scope above it (403).
 *   <li>{@code Content-Type: application/cloudevents-batch+json} (a JSON array; the SDK's batch
 *       publish) or {@code application/cloudevents+json} (one event); CloudEvents 1.0 attributes
 *       {@code id}, {@code source}, {@code type}, {@code specversion} = {@code 1.0} are required:
 *       an Event Grid schema event is refused on a CloudEvents topic (400).
 *   <li>Limits from <a href="https://learn.microsoft.com/azure/event-grid/quotas-limits">Event Grid
 *       quotas and limits</a> (custom topics): an event at most 1 MB, at most 5,000 events per
 *       batch, and the batch at most 1 MB (Post to custom topic: "If an event or the array is
 *       greater than the size limits, you receive the response 413 Payload Too Large").
 * </ul>
 *
 * <p>Left out (a real topic is no kinder here, it just has more): the publish rate limit (5,000
 * events or 5 MB per second), private endpoints and IP firewall rules.
 */
final class LocalTopic {

  /** The path of a topic's publish endpoint. */
  static final String PATH = "/api/events";

  /** The audience of Event Grid data-plane tokens. */
  static final String AUDIENCE = "https://eventgrid.azure.net";

  /** The built-in role "EventGrid Data Sender". */
  static final String DATA_SENDER = "d5a91429-5739-47e2-a06b-3470a27159e7";

  static final int MAX_BYTES = 1024 * 1024;
  static final int MAX_EVENTS = 5000;

  /** One accepted event: its raw JSON and who sent it. */
  record Received(JsonNode event, String principal) {}

  private final Arm arm;
  private final String topicId;
  private final List<Received> received = new ArrayList<>();
  private final java.util.concurrent.atomic.AtomicInteger unavailable =
      new java.util.concurrent.atomic.AtomicInteger();

  LocalTopic(Arm arm, String topicId) {
    this.arm = arm;
    this.topicId = topicId;
  }

  String topicId() {
    return topicId;
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  /** The next {@code n} publish requests answer 503 ServiceUnavailable (an outage, injected). */
  void unavailableFor(int n) {
    unavailable.set(n);
  }

  /** Serves one request to {@link #PATH}; returns the reply and the caller (null if unknown). */
  Reply handle(Call call, Optional<Tokens.Claims> claims) {
    if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return error(
          503, "ServiceUnavailable", "The service is unavailable (injected by the local cloud).");
    }
    if (!call.method().equals("POST")) {
      return error(405, "MethodNotAllowed", "The requested method is not supported.");
    }
    if (call.param("api-version") == null) {
      return error(400, "BadRequest", "The api-version query parameter is required.");
    }
    if (call.header("aeg-sas-key") != null || call.header("aeg-sas-token") != null) {
      return error(
          401,
          "Unauthorized",
          "Local authentication (SAS keys and tokens) is disabled for this topic; use Microsoft"
              + " Entra ID.");
    }
    if (claims.isEmpty()) {
      return error(
          401, "Unauthorized", "The request is not authorized: no Microsoft Entra ID token.");
    }
    String audience = claims.get().audience().replaceAll("/+$", "");
    if (!audience.equalsIgnoreCase(AUDIENCE)) {
      return error(
          401,
          "Unauthorized",
          "The token's audience '" + claims.get().audience() + "' is not " + AUDIENCE + ".");
    }
    String principal = claims.get().principal();
    if (!arm.holdsRole(topicId, principal, Set.of(DATA_SENDER))) {
      return error(
          403,
          "Forbidden",
          "The principal "
              + principal
              + " does not have 'Microsoft.EventGrid/topics/events/send/action' on "
              + topicId
              + " (EventGrid Data Sender).");
    }
    if (call.body().length > MAX_BYTES) {
      return error(
          413,
          "RequestEntityTooLarge",
          "The request is " + call.body().length + " bytes; the maximum is " + MAX_BYTES + ".");
    }
    String type = call.header("content-type");
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    boolean batch = mediaType.equals("application/cloudevents-batch+json");
    if (!batch && !mediaType.equals("application/cloudevents+json")) {
      return error(
          400,
          "BadRequest",
          "Content-Type '"
              + type
              + "' is not application/cloudevents-batch+json or application/cloudevents+json"
              + " (the topic's input schema is CloudEvents 1.0).");
    }
    Optional<JsonNode> body = call.json();
    if (body.isEmpty()) {
      return error(400, "BadRequest", "The request body is not JSON.");
    }
    List<JsonNode> events = new ArrayList<>();
    if (batch && body.get().isArray()) {
      body.get().forEach(events::add);
    } else if (!batch && body.get().isObject()) {
      events.add(body.get());
    } else {
      return error(
          400,
          "BadRequest",
          batch ? "A CloudEvents batch must be a JSON array." : "A CloudEvent must be an object.");
    }
    if (events.isEmpty()) {
      return error(400, "BadRequest", "The batch holds no event.");
    }
    if (events.size() > MAX_EVENTS) {
      return error(
          413,
          "RequestEntityTooLarge",
          "The batch holds " + events.size() + " events; the maximum is " + MAX_EVENTS + ".");
    }
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      int size = e.toString().getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_BYTES) {
        return error(
            413, "RequestEntityTooLarge", "Event " + i + " is " + size + " bytes; maximum 1 MB.");
      }
      Optional<String> invalid = invalid(e);
      if (invalid.isPresent()) {
        return error(400, "BadRequest", "Event " + i + ": " + invalid.get());
      }
    }
    synchronized (this) {
      for (JsonNode e : events) {
        received.add(new Received(e, principal));
      }
    }
    return Reply.empty(200);
  }

  /** Why an event is not a CloudEvent 1.0, or empty. */
  private static Optional<String> invalid(JsonNode e) {
    if (!e.isObject()) {
      return Optional.of("not a JSON object");
    }
    if (e.has("eventType") && !e.has("specversion")) {
      return Optional.of("an Event Grid schema event; this topic takes CloudEvents 1.0");
    }
    for (String attribute : List.of("id", "source", "type", "specversion")) {
      JsonNode v = e.get(attribute);
      if (v == null || !v.isTextual() || v.asText().isEmpty()) {
        return Optional.of("the required attribute '" + attribute + "' is missing or empty");
      }
    }
    if (!"1.0".equals(e.get("specversion").asText())) {
      return Optional.of("specversion '" + e.get("specversion").asText() + "' is not 1.0");
    }
    return Optional.empty();
  }

  private static Reply error(int status, String code, String message) {
    return Reply.armError(status, code, message);
  }
}
