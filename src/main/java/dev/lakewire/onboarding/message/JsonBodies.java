package dev.lakewire.onboarding.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads a request or message body that must be one JSON object. */
public final class JsonBodies {

  private static final ObjectMapper JSON = new ObjectMapper();

  private JsonBodies() {}

  /**
   * The body as a JSON object.
   *
   * @throws InvalidInputException naming {@code body} when it is missing, not JSON, or not an
   *     object
   */
  public static JsonNode object(String body) {
    JsonNode n;
    try {
      n = body == null ? null : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("body", "is not JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject()) {
      throw new InvalidInputException("body", "is not a JSON object");
    }
    return n;
  }
}
