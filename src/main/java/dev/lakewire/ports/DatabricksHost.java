package dev.lakewire.ports;

import java.util.regex.Pattern;

/**
 * The host of an Azure Databricks workspace as lakewire accepts it from ARM's {@code workspaceUrl}:
 * exactly {@code adb-<digits>.<digits>.<domain>}, all lower case, with no scheme, user info, port,
 * path, query, fragment or trailing dot. lakewire sends its Databricks and ARM tokens to this host,
 * so anything else (a workspace whose {@code workspaceUrl} someone could point elsewhere, or a
 * look-alike such as {@code adb-1.2.azuredatabricks.net.attacker.example}) is refused before any
 * request is built.
 *
 * @param name the host name, e.g. {@code adb-1234567890123456.7.azuredatabricks.net}
 */
public record DatabricksHost(String name) {

  /** The DNS suffix of Azure Databricks workspaces in the Azure public cloud. */
  public static final String DEFAULT_DOMAIN = "azuredatabricks.net";

  /** A DNS name of lower-case labels (the allowed domain itself). */
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?=.{3,200}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private static final Pattern PREFIX = Pattern.compile("adb-[0-9]{1,20}\\.[0-9]{1,4}\\.");

  /**
   * Validates a workspace URL (a bare host as ARM sends it, or the same host after {@code
   * https://}) against the allowed domain.
   *
   * @param workspaceUrl ARM's {@code workspaceUrl}
   * @param domain the allowed DNS suffix (see {@link #checkDomain})
   * @throws IllegalArgumentException saying what is wrong (the URL shown with control characters
   *     escaped)
   */
  public static DatabricksHost parse(String workspaceUrl, String domain) {
    checkDomain(domain);
    String url = workspaceUrl == null ? "" : workspaceUrl;
    String host = url.startsWith("https://") ? url.substring("https://".length()) : url;
    String suffix = "." + domain;
    boolean ok =
        host.length() <= 253
            && host.endsWith(suffix)
            && PREFIX.matcher(host.substring(0, host.length() - domain.length())).matches();
    if (!ok) {
      throw new IllegalArgumentException(
          "workspaceUrl "
              + shown(workspaceUrl)
              + " is not an Azure Databricks workspace host adb-<digits>.<digits>."
              + domain
              + " (lower case; no user info, port, path, query or fragment)");
    }
    return new DatabricksHost(host);
  }

  /**
   * Validates an allowed domain: lower-case DNS labels, at least two, no trailing dot.
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static String checkDomain(String domain) {
    if (domain == null || !DOMAIN.matcher(domain).matches()) {
      throw new IllegalArgumentException(
          shown(domain)
              + " is not a DNS suffix such as "
              + DEFAULT_DOMAIN
              + " (lower-case labels, no trailing dot)");
    }
    return domain;
  }

  /** The https base URL of the workspace. */
  public String url() {
    return "https://" + name;
  }

  private static String shown(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("'");
    s.chars()
        .limit(200)
        .forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c) : (char) c));
    return out.append(s.length() > 200 ? "…'" : "'").toString();
  }
}
