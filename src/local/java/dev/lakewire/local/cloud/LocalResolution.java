package dev.lakewire.local.cloud;

import com.databricks.sdk.core.commons.CommonsHttpClient;
import com.databricks.sdk.core.http.HttpClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.conn.DefaultSchemePortResolver;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * Host-name resolution of the local run only: names under the local cloud's domain go to the
 * loopback address and the cloud's port; nothing else resolves. The production code never sees this
 * class: it is handed in as the Databricks transport by the local wiring.
 */
final class LocalResolution {

  private LocalResolution() {}

  static HttpClient transport(String domain, int port) {
    String suffix = "." + domain.toLowerCase(Locale.ROOT);
    PoolingHttpClientConnectionManager pool =
        new PoolingHttpClientConnectionManager(
            RegistryBuilder.<ConnectionSocketFactory>create()
                .register(
                    "https",
                    new SSLConnectionSocketFactory(
                        Tls.clientContext(),
                        SSLConnectionSocketFactory.getDefaultHostnameVerifier()))
                .build(),
            null,
            host ->
                host.getHostName().toLowerCase(Locale.ROOT).endsWith(suffix)
                    ? port
                    : DefaultSchemePortResolver.INSTANCE.resolve(host),
            host -> {
              if (host.toLowerCase(Locale.ROOT).endsWith(suffix)) {
                return new InetAddress[] {InetAddress.getByName("127.0.0.1")};
              }
              throw new UnknownHostException(
                  host + " (the local run resolves only *" + suffix + ")");
            },
            -1,
            java.util.concurrent.TimeUnit.MILLISECONDS);
    pool.setMaxTotal(100);
    pool.setDefaultMaxPerRoute(100);
    return new CommonsHttpClient.Builder()
        .withTimeoutSeconds(60)
        .withConnectionManager(pool)
        .build();
  }
}
