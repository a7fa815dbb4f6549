package dev.lakewire.local.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Unsigned JWT-shaped access tokens ({@code base64url(header).base64url(payload).}) with the claims
 * the local cloud reads: {@code aud}, {@code oid}, {@code tid}, {@code exp} (plus {@code appid},
 * {@code sub}, {@code iss}, {@code iat}, {@code nbf}).
 */
final class Tokens {

  /** The application id of Azure Databricks: the audience of Databricks tokens. */
  static final String DATABRICKS_RESOURCE = "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d";

  /** The tenant every local principal lives in. */
  static final String TENANT_ID = stableGuid("tenant");

  /** The principal of a token requested without a client id (a system-assigned identity). */
  static final String DEFAULT_PRINCIPAL = stableGuid("principal|system-assigned");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER =
      B64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

  private Tokens() {}

  /**
   * The audience of the {@code X-Databricks-Azure-SP-Management-Token} as databricks-sdk-java
   * requests it: the public cloud's service management endpoint ({@code AzureEnvironment} PUBLIC,
   * {@code AzureServicePrincipalCredentialsProvider}).
   */
  static final String SERVICE_MANAGEMENT_RESOURCE = "https://management.core.windows.net/";

  /** The audiences ARM accepts (its 401 InvalidAuthenticationTokenAudience names both). */
  static final java.util.Set<String> ARM_AUDIENCES =
      java.util.Set.of("https://management.core.windows.net", "https://management.azure.com");

  /** What the local cloud reads from a token. */
  record Claims(String audience, String principal, String tenant, String appId) {

    /** A token for Azure Databricks (its application id is the audience). */
    boolean forDatabricks() {
      return DATABRICKS_RESOURCE.equalsIgnoreCase(audience.replaceAll("/+$", ""));
    }

    /** A token ARM accepts. */
    boolean forArm() {
      return ARM_AUDIENCES.contains(audience.replaceAll("/+$", "").toLowerCase(Locale.ROOT));
    }

    /** A management token exactly as the Databricks SDK requests it. */
    boolean forServiceManagement() {
      return SERVICE_MANAGEMENT_RESOURCE.equalsIgnoreCase(audience);
    }
  }

  /** The stable object id of the identity with this client id (null: the default principal). */
  static String principalFor(String clientId) {
    if (clientId == null || clientId.isBlank()) {
      return DEFAULT_PRINCIPAL;
    }
    return stableGuid("principal|" + clientId.trim().toLowerCase(Locale.ROOT));
  }

  /** The client (application) id reported for a principal requested without a client id. */
  static String clientIdOf(String principal) {
    return stableGuid("client|" + principal.toLowerCase(Locale.ROOT));
  }

  /** Mints a token for {@code audience} of principal {@code oid}. */
  static String mint(
      String audience, String oid, String clientId, Instant issued, Instant expires) {
    ObjectNode payload = JSON.createObjectNode();
    payload.put("aud", audience);
    payload.put("iss", "https://sts.windows.net/" + TENANT_ID + "/");
    payload.put("iat", issued.getEpochSecond());
    payload.put("nbf", issued.getEpochSecond());
    payload.put("exp", expires.getEpochSecond());
    payload.put("appid", clientId);
    payload.put("idtyp", "app");
    payload.put("oid", oid);
    payload.put("sub", oid);
    payload.put("tid", TENANT_ID);
    return HEADER
        + "."
        + B64.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8))
        + ".";
  }

  /**
   * The claims of an {@code Authorization} header value {@code Bearer <token>}, or empty when it is
   * missing or not a token this cloud could have issued.
   */
  static Optional<Claims> fromAuthorization(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    return parse(authorization.substring(7).trim());
  }

  /**
   * The claims of a token, or empty when it is not JWT-shaped or lacks aud/oid. Expiry is not
   * checked: tokens expire on the wall clock, the cloud may run on another.
   */
  static Optional<Claims> parse(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) {
      return Optional.empty();
    }
    try {
      JsonNode payload = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      String aud = payload.path("aud").asText(null);
      String oid = payload.path("oid").asText(null);
      if (aud == null || oid == null) {
        return Optional.empty();
      }
      return Optional.of(
          new Claims(aud, oid, payload.path("tid").asText(""), payload.path("appid").asText(null)));
    } catch (IllegalArgumentException | java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static String stableGuid(String name) {
    return UUID.nameUUIDFromBytes(("lakewire-local-cloud|" + name).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
