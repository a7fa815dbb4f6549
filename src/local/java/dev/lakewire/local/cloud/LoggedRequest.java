package dev.lakewire.local.cloud;

import java.time.Instant;
import java.util.Map;

/**
 * One request a {@link LocalCloud} served.
 *
 * @param at when it arrived, on the cloud's clock
 * @param method the HTTP method
 * @param path the path without the query string (leading {@code //} collapsed)
 * @param status the HTTP status answered; 0 when the connection was reset without an answer
 * @param headers the request headers, names lower-cased, first value of each
 * @param principal the {@code oid} of the bearer token (or of the token issued), null when none
 */
public record LoggedRequest(
    Instant at,
    String method,
    String path,
    int status,
    Map<String, String> headers,
    String principal) {

  public LoggedRequest {
    headers = Map.copyOf(headers);
  }

  /** Whether the request carried this header (case-insensitive). */
  public boolean hasHeader(String name) {
    return headers.containsKey(name.toLowerCase(java.util.Locale.ROOT));
  }
}
