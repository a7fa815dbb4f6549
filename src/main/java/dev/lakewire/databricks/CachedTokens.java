package dev.lakewire.databricks;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Access tokens of one {@link TokenCredential}, per scope, reused until {@link #REFRESH_MARGIN}
 * before they expire. Every workspace shares them: the tokens do not depend on the workspace.
 * Thread-safe; a refresh of one scope blocks only callers of that scope.
 */
final class CachedTokens {

  /** A token is renewed when it has less than this left. */
  public static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);

  private final TokenCredential credential;
  private final Clock clock;
  private final Map<String, AccessToken> tokens = new ConcurrentHashMap<>();

  public CachedTokens(TokenCredential credential, Clock clock) {
    this.credential = Objects.requireNonNull(credential, "credential");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A token for {@code scope} valid for at least {@link #REFRESH_MARGIN}. */
  public String token(String scope) {
    return tokens.compute(scope, (s, current) -> fresh(current) ? current : fetch(s)).getToken();
  }

  private boolean fresh(AccessToken t) {
    return t != null
        && t.getExpiresAt() != null
        && t.getExpiresAt().toInstant().minus(REFRESH_MARGIN).isAfter(clock.instant());
  }

  private AccessToken fetch(String scope) {
    AccessToken t = credential.getTokenSync(new TokenRequestContext().addScopes(scope));
    if (t == null) {
      throw new IllegalStateException("the credential returned no token for " + scope);
    }
    return t;
  }
}
