package dev.lakewire.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** An HTTP answer of the local cloud, built before it is sent (so a fault can replace it). */
record Reply(int status, Map<String, String> headers, byte[] body) {

  Reply {
    headers = new LinkedHashMap<>(headers);
  }

  /** A JSON answer. */
  static Reply json(int status, JsonNode body) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json; charset=utf-8");
    return new Reply(status, h, body.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** An answer without a body. */
  static Reply empty(int status) {
    return new Reply(status, Map.of(), new byte[0]);
  }

  /** An ARM error: {@code {"error":{"code":..., "message":...}}}. */
  static Reply armError(int status, String code, String message) {
    ObjectNode body = Call.JSON.createObjectNode();
    ObjectNode error = body.putObject("error");
    error.put("code", code);
    error.put("message", message);
    return json(status, body);
  }

  /** A Databricks error: {@code {"error_code":..., "message":...}}. */
  static Reply databricksError(int status, String errorCode, String message) {
    ObjectNode body = Call.JSON.createObjectNode();
    body.put("error_code", errorCode);
    body.put("message", message);
    return json(status, body);
  }

  /** This answer with one more header. */
  Reply withHeader(String name, String value) {
    Map<String, String> h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Reply(status, h, body);
  }

  @Override
  public Map<String, String> headers() {
    return java.util.Collections.unmodifiableMap(headers);
  }
}
