package dev.lakewire.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Paces ARM requests on the remaining quota ARM reports, so that lakewire does not spend 429s.
 *
 * <p>Every ARM answer says how many requests of the caller's bucket are left for the request's
 * subscription and kind: {@code x-ms-ratelimit-remaining-subscription-reads} / {@code -writes} (per
 * principal) and, where the regional token-bucket limits apply, {@code
 * x-ms-ratelimit-remaining-subscription-global-reads} / {@code -global-writes} (all principals):
 * "Understand how Azure Resource Manager throttles requests",
 * learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling
 * ("Remaining requests"; buckets of 250 reads refilled 25/s and 200 writes refilled 10/s per
 * subscription and principal). This policy keeps, per subscription and kind, the last level seen
 * (the smaller of the two headers) and refills it at the documented rate; a request that would find
 * the bucket empty is not sent: it is answered here with a 429 whose {@code retry-after-ms} is a
 * slot one refill interval after the last one given (so held-back requests come back spread at the
 * rate the bucket refills, not in a herd), marked {@value #PACED_HEADER} (so it is counted as
 * lakewire's pacing, not ARM's refusal). A request that finds a token goes, whatever slots are
 * given: a slot is a time to come back, not a place in a line (a line would hold back a request
 * that came back on its slot behind the ones given after it). A bucket never seen is not paced (the
 * first answer tells).
 */
final class ArmQuota implements HttpPipelinePolicy {

  static final String PACED_HEADER = "x-lakewire-paced";
  static final double READ_RATE = 25;
  static final double WRITE_RATE = 10;

  private static final Pattern SUBSCRIPTION =
      Pattern.compile("/subscriptions/([^/?]+)", Pattern.CASE_INSENSITIVE);

  private static final class Level {
    double tokens;
    Instant at;
    Instant nextSlot;
    int prepaid;
    Instant blockedUntil;

    Level(double tokens, Instant at) {
      this.tokens = tokens;
      this.at = at;
      this.nextSlot = at;
    }
  }

  private final Clock clock;
  private final Map<String, Level> levels = new HashMap<>();

  ArmQuota(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    HttpRequest request = context.getHttpRequest();
    String subscription = subscription(request);
    if (subscription == null) {
      return next.process();
    }
    boolean write = request.getHttpMethod() != HttpMethod.GET;
    String key = subscription + (write ? " writes" : " reads");
    Duration wait = admit(key, write, clock.instant());
    if (wait != null) {
      return Mono.just(paced(request, wait, write));
    }
    return next.process()
        .map(
            response -> {
              observe(key, write, response, clock.instant());
              return response;
            });
  }

  /** Null when the request may go now; else how long until its slot. */
  synchronized Duration admit(String key, boolean write, Instant now) {
    Level l = levels.get(key);
    if (l != null && l.prepaid > 0) {
      l.prepaid--;
      return null;
    }
    return take(key, write, 1, 0, now);
  }

  /**
   * Null when {@code n} requests may go now (their tokens are taken: the next {@code n - 1} pass
   * {@link #admit} without taking more); else how long until a slot when they would.
   */
  synchronized Duration reserve(String key, boolean write, int n, Instant now) {
    Level l = levels.get(key);
    int credit = l == null ? 0 : Math.min(n, l.prepaid);
    // credit left by an earlier reservation counts: only the rest is taken
    return take(key, write, n - credit, n - credit, now);
  }

  private Duration take(String key, boolean write, int n, int prepay, Instant now) {
    Level l = levels.get(key);
    if (l == null) {
      return null;
    }
    double rate = write ? WRITE_RATE : READ_RATE;
    double tokens = l.tokens + Math.max(0, Duration.between(l.at, now).toNanos()) / 1e9 * rate;
    boolean blocked = l.blockedUntil != null && l.blockedUntil.isAfter(now);
    if (n == 0 && !blocked) {
      return null;
    }
    if (tokens >= n && !blocked) {
      l.tokens = tokens - n;
      l.at = now;
      l.prepaid += prepay;
      return null;
    }
    Instant refilled = now.plusNanos((long) Math.ceil(Math.max(0, n - tokens) / rate * 1e9));
    Instant slot = l.nextSlot.isAfter(refilled) ? l.nextSlot : refilled;
    if (blocked && l.blockedUntil.isAfter(slot)) {
      slot = l.blockedUntil; // ARM's own 429 said when: nothing goes before
    }
    l.nextSlot = slot.plusNanos((long) (n * 1e9 / rate));
    return Duration.between(now, slot);
  }

  /** Takes the level an ARM answer reports. */
  synchronized void observe(String key, boolean write, HttpResponse response, Instant now) {
    String kind = write ? "writes" : "reads";
    long remaining =
        parse(response.getHeaderValue("x-ms-ratelimit-remaining-subscription-" + kind));
    long global =
        parse(response.getHeaderValue("x-ms-ratelimit-remaining-subscription-global-" + kind));
    long level = Math.min(remaining, global);
    if (level == Long.MAX_VALUE) {
      if (response.getStatusCode() != 429) {
        return;
      }
      level = 0;
    }
    Level l = levels.get(key);
    if (l == null) {
      l = new Level(level, now);
      levels.put(key, l);
    } else {
      // ARM does not know of the writes reserved here and not sent yet
      l.tokens = level - l.prepaid;
      l.at = now;
    }
    if (response.getStatusCode() == 429) {
      ArmFailures.retryAfterHint(response, clock).ifPresent(d -> blockUntil(key, now.plus(d)));
    }
  }

  private void blockUntil(String key, Instant until) {
    Level l = levels.get(key);
    if (l.blockedUntil == null || until.isAfter(l.blockedUntil)) {
      l.blockedUntil = until;
    }
  }

  private static long parse(String header) {
    if (header == null) {
      return Long.MAX_VALUE;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static String subscription(HttpRequest request) {
    Matcher m = SUBSCRIPTION.matcher(request.getUrl().getPath());
    return m.find() ? m.group(1).toLowerCase(Locale.ROOT) : null;
  }

  private static HttpResponse paced(HttpRequest request, Duration wait, boolean write) {
    String body =
        "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"Not sent: lakewire paces its"
            + " requests on ARM's remaining "
            + (write ? "write" : "read")
            + " quota for this subscription; retry in "
            + wait.toMillis()
            + " ms.\"}}";
    HttpHeaders headers =
        new HttpHeaders()
            .set(HttpHeaderName.CONTENT_TYPE, "application/json")
            .set(HttpHeaderName.fromString("retry-after-ms"), Long.toString(wait.toMillis()))
            .set(HttpHeaderName.fromString(PACED_HEADER), "true");
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new HttpResponse(request) {
      @Override
      public int getStatusCode() {
        return 429;
      }

      @Override
      @Deprecated
      public String getHeaderValue(String name) {
        return headers.getValue(HttpHeaderName.fromString(name));
      }

      @Override
      public HttpHeaders getHeaders() {
        return headers;
      }

      @Override
      public Flux<ByteBuffer> getBody() {
        return Flux.defer(() -> Flux.just(ByteBuffer.wrap(bytes)));
      }

      @Override
      public Mono<byte[]> getBodyAsByteArray() {
        return Mono.just(bytes);
      }

      @Override
      public Mono<String> getBodyAsString() {
        return Mono.just(body);
      }

      @Override
      public Mono<String> getBodyAsString(Charset charset) {
        return Mono.just(new String(bytes, charset));
      }
    };
  }
}
