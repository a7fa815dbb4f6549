package dev.lakewire.local.cloud;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The JVM-wide managed identity token endpoint (App Service protocol, api-version 2019-08-01), so
 * that azure-identity's {@code ManagedIdentityCredential} works unchanged: {@code GET
 * <IDENTITY_ENDPOINT>?resource=...&api-version=2019-08-01[&client_id=...]} with header {@code
 * X-IDENTITY-HEADER}.
 *
 * <p>It binds the loopback port of the {@code IDENTITY_ENDPOINT} environment variable when that is
 * set (the credential reads the variable, and a JVM cannot change its environment), otherwise an
 * ephemeral port. It is started by the first {@link LocalCloud} and never stopped: its threads are
 * daemons. Tokens expire 24 h after issue on the wall clock, because the credential caches them on
 * the wall clock.
 */
final class TokenServer {

  /** Told about every token request; open clouds count and log them. */
  interface Listener {
    void tokenRequest(Call call, int status, String principal);
  }

  static final String ENDPOINT_VARIABLE = "IDENTITY_ENDPOINT";
  static final String HEADER_VARIABLE = "IDENTITY_HEADER";
  static final String DEFAULT_HEADER = "lakewire-local";

  private static final String DEFAULT_PATH = "/msi/token";
  private static final Duration LIFETIME = Duration.ofHours(24);
  private static TokenServer instance;

  private final String endpoint;
  private final String path;
  private final String expectedHeader;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private TokenServer(String endpoint, String path, String expectedHeader) {
    this.endpoint = endpoint;
    this.path = path;
    this.expectedHeader = expectedHeader;
  }

  /**
   * Makes the JDK HTTP server send small answers at once: without TCP_NODELAY, headers and body go
   * out as two segments and the client's delayed ACK adds about 40 ms to every request. The JDK
   * reads the property once, when its first HTTP server is created, so every local cloud server
   * calls this before creating one.
   */
  static void noDelay() {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  /** The server of this JVM, started on first use. */
  static synchronized TokenServer get() {
    if (instance == null) {
      instance = start(System.getenv(ENDPOINT_VARIABLE), System.getenv(HEADER_VARIABLE));
    }
    return instance;
  }

  private static TokenServer start(String configured, String header) {
    String expected = header == null || header.isBlank() ? DEFAULT_HEADER : header;
    noDelay();
    try {
      boolean https = true;
      InetAddress address = InetAddress.getLoopbackAddress();
      int port = 0;
      String path = DEFAULT_PATH;
      if (configured != null && !configured.isBlank()) {
        URI uri = URI.create(configured.trim());
        address = InetAddress.getByName(uri.getHost());
        if (!address.isLoopbackAddress()) {
          throw new IllegalStateException(
              ENDPOINT_VARIABLE
                  + "="
                  + configured
                  + " is not a loopback address; the local cloud serves tokens on loopback only");
        }
        https = !"http".equalsIgnoreCase(uri.getScheme());
        port = uri.getPort() < 0 ? (https ? 443 : 80) : uri.getPort();
        path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
      }
      HttpServer server;
      InetSocketAddress bind = new InetSocketAddress(address, port);
      try {
        if (https) {
          HttpsServer s = HttpsServer.create(bind, 0);
          s.setHttpsConfigurator(new HttpsConfigurator(Tls.serverContext()));
          server = s;
        } else {
          server = HttpServer.create(bind, 0);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(
            "cannot bind the managed identity endpoint to "
                + bind
                + " ("
                + ENDPOINT_VARIABLE
                + "="
                + configured
                + "); is the port taken?",
            e);
      }
      String host =
          address.getHostAddress().contains(":")
              ? "[" + address.getHostAddress() + "]"
              : address.getHostAddress();
      String endpoint =
          (https ? "https" : "http") + "://" + host + ":" + server.getAddress().getPort() + path;
      TokenServer tokens = new TokenServer(endpoint, path, expected);
      ExecutorService pool = Executors.newFixedThreadPool(4, LocalCloud.daemonThreads("msi"));
      server.setExecutor(pool);
      server.createContext("/", tokens::handle);
      server.start();
      return tokens;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the managed identity endpoint", e);
    }
  }

  /** What {@code IDENTITY_ENDPOINT} must be for this server. */
  String endpoint() {
    return endpoint;
  }

  /** The {@code X-IDENTITY-HEADER} value this server accepts. */
  String identityHeader() {
    return expectedHeader;
  }

  void addListener(Listener l) {
    listeners.add(l);
  }

  void removeListener(Listener l) {
    listeners.remove(l);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Call call = Call.read(exchange);
      Reply reply;
      String principal = null;
      if (!call.path().equals(path)) {
        reply = error(404, "no managed identity endpoint at " + call.path() + "; use " + path);
      } else if (!call.method().equals("GET")) {
        reply = error(405, call.method() + " is not supported; use GET");
      } else if (call.header("X-IDENTITY-HEADER") == null) {
        reply = error(400, "the X-IDENTITY-HEADER header is missing");
      } else if (!expectedHeader.equals(call.header("X-IDENTITY-HEADER"))) {
        reply = error(401, "the X-IDENTITY-HEADER header does not match " + HEADER_VARIABLE);
      } else if (call.param("resource") == null || call.param("resource").isBlank()) {
        reply = error(400, "the resource query parameter is required");
      } else {
        String clientId = call.param("client_id");
        String objectId = firstNonBlank(call.param("principal_id"), call.param("object_id"));
        String resourceId = call.param("mi_res_id");
        if (objectId != null) {
          principal = objectId;
        } else if (resourceId != null) {
          principal = Tokens.principalFor(resourceId);
        } else {
          principal = Tokens.principalFor(clientId);
        }
        String effectiveClientId = clientId != null ? clientId : Tokens.clientIdOf(principal);
        Instant now = Instant.now();
        Instant expires = now.plus(LIFETIME);
        ObjectNode body = Call.JSON.createObjectNode();
        body.put(
            "access_token",
            Tokens.mint(call.param("resource"), principal, effectiveClientId, now, expires));
        body.put("expires_on", Long.toString(expires.getEpochSecond()));
        body.put("resource", call.param("resource"));
        body.put("token_type", "Bearer");
        body.put("client_id", effectiveClientId);
        reply = Reply.json(200, body);
      }
      for (Listener l : listeners) {
        l.tokenRequest(call, reply.status(), principal);
      }
      send(exchange, reply);
    }
  }

  private static Reply error(int status, String message) {
    ObjectNode body = Call.JSON.createObjectNode();
    body.put("statusCode", status);
    body.put("message", message);
    return Reply.json(status, body);
  }

  /** Writes a reply to an exchange. */
  static void send(HttpExchange exchange, Reply reply) throws IOException {
    for (Map.Entry<String, String> h : reply.headers().entrySet()) {
      exchange.getResponseHeaders().set(h.getKey(), h.getValue());
    }
    boolean noBody =
        reply.body().length == 0 || "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
    exchange.sendResponseHeaders(reply.status(), noBody ? -1 : reply.body().length);
    if (!noBody) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(reply.body());
      }
    }
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
