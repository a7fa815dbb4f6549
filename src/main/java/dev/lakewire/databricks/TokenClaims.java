package dev.lakewire.databricks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Base64;

/** Reads a claim of lakewire's own access token (a JWT; the signature is not checked). */
final class TokenClaims {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TokenClaims() {}

  /** The {@code appid} (v1) or {@code azp} (v2) claim. */
  static String applicationId(String jwt) {
    String[] parts = jwt.split("\\.");
    if (parts.length < 2) {
      throw new IllegalStateException("lakewire's Databricks token is not a JWT");
    }
    try {
      JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      String appId = payload.path("appid").asText(payload.path("azp").asText(""));
      if (appId.isBlank()) {
        throw new IllegalStateException(
            "lakewire's Databricks token has no appid claim; set AZURE_CLIENT_ID");
      }
      return appId;
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read lakewire's Databricks token: " + e, e);
    }
  }
}
