package dev.lakewire.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import dev.lakewire.onboarding.message.InvalidInputException;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How the HTTP functions answer: JSON bodies, and RFC 9457 problems ({@code
 * application/problem+json}) for bad input, naming the field.
 */
final class HttpAnswers {

  private HttpAnswers() {}

  /** The answer {@code answer} gives, or the problem its {@link InvalidInputException} names. */
  static HttpResponseMessage orProblem(
      HttpRequestMessage<?> request, Supplier<HttpResponseMessage> answer) {
    try {
      return answer.get();
    } catch (InvalidInputException e) {
      return problem(request, e);
    }
  }

  /** A JSON answer. */
  static HttpResponseMessage json(HttpRequestMessage<?> request, HttpStatus status, JsonNode body) {
    return request
        .createResponseBuilder(status)
        .header("Content-Type", "application/json")
        .body(body.toString())
        .build();
  }

  /** The problem bad input is: 415, 413 or 400, naming the field. */
  static HttpResponseMessage problem(HttpRequestMessage<?> request, InvalidInputException e) {
    HttpStatus status =
        switch (e.kind()) {
          case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
          case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
          case INVALID -> HttpStatus.BAD_REQUEST;
        };
    ObjectNode body = problemBody("invalid request", status, e.getMessage());
    body.put("field", e.field());
    return problem(request, status, body);
  }

  /** A 404 problem. */
  static HttpResponseMessage notFound(HttpRequestMessage<?> request, String detail) {
    return problem(
        request, HttpStatus.NOT_FOUND, problemBody("not found", HttpStatus.NOT_FOUND, detail));
  }

  /** The value of header {@code name}, whatever its case, or null. */
  static String header(HttpRequestMessage<?> request, String name) {
    for (Map.Entry<String, String> h : request.getHeaders().entrySet()) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue();
      }
    }
    return null;
  }

  private static ObjectNode problemBody(String title, HttpStatus status, String detail) {
    ObjectNode body = LakewireFunction.JSON.createObjectNode();
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    return body;
  }

  private static HttpResponseMessage problem(
      HttpRequestMessage<?> request, HttpStatus status, ObjectNode body) {
    return request
        .createResponseBuilder(status)
        .header("Content-Type", "application/problem+json")
        .body(body.toString())
        .build();
  }
}
