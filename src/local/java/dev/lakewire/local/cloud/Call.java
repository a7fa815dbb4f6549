package dev.lakewire.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the local cloud's routes see it: method, path with leading {@code //}
 * collapsed, decoded query parameters, lower-cased header names (first value) and the body.
 */
record Call(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    byte[] body) {

  static final ObjectMapper JSON = new ObjectMapper();

  /** Reads the request of an exchange (consumes the request body). */
  static Call read(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (uri.getScheme() == null && uri.getAuthority() != null) {
      // A request target of "//subscriptions/..." parses as authority "subscriptions".
      path = "/" + uri.getAuthority() + path;
    }
    path = path.isEmpty() ? "/" : path.replaceFirst("^/{2,}", "/");
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        query.putIfAbsent(decode(k), decode(v));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      if (!h.getValue().isEmpty()) {
        headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
      }
    }
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    return new Call(
        exchange.getRequestMethod().toUpperCase(Locale.ROOT), path, query, headers, body);
  }

  /** A header value (name case-insensitive), or null. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** A query parameter (exact name), or null. */
  String param(String name) {
    return query.get(name);
  }

  /** The body as JSON; empty when the body is empty or not JSON. */
  Optional<JsonNode> json() {
    if (body.length == 0) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(body);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  boolean isRead() {
    return method.equals("GET") || method.equals("HEAD");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
