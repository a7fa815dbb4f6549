package dev.lakewire.function;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import dev.lakewire.onboarding.message.InvalidInputException;

/** RFC 9457 problem responses for bad input, naming the field. */
final class Problems {

  private Problems() {}

  static HttpResponseMessage of(HttpRequestMessage<?> request, InvalidInputException e) {
    HttpStatus status =
        switch (e.kind()) {
          case UNSUPPORTED_MEDIA_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
          case TOO_LARGE -> HttpStatus.PAYLOAD_TOO_LARGE;
          case INVALID -> HttpStatus.BAD_REQUEST;
        };
    ObjectNode body = LakewireFunction.JSON.createObjectNode();
    body.put("title", "invalid request");
    body.put("status", status.value());
    body.put("field", e.field());
    body.put("detail", e.getMessage());
    return request
        .createResponseBuilder(status)
        .header("Content-Type", "application/problem+json")
        .body(body.toString())
        .build();
  }
}
