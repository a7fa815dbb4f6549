package dev.lakewire.ports;

/**
 * A Unity Catalog external location: the one lakewire wants ({@link #desired}) or one Unity Catalog
 * shows.
 *
 * @param workspace the workspace Unity Catalog is reached through
 * @param name its name (metastore-wide)
 * @param url its URL ({@code abfss://…}; a trailing slash does not count)
 * @param credentialName the storage credential it uses
 * @param isolated {@code ISOLATION_MODE_ISOLATED} and bound read-write to {@code workspace} (a
 *     desired one that is not isolated is open to every workspace of the metastore, and its
 *     isolation is not compared)
 * @param owner its owner as Unity Catalog shows it (null in a desired one)
 * @param lakewires whether lakewire created it (its comment is lakewire's marker)
 */
public record ExternalLocation(
    Workspace workspace,
    String name,
    String url,
    String credentialName,
    boolean isolated,
    String owner,
    boolean lakewires)
    implements Desired<ExternalLocation> {

  /** The location lakewire wants. */
  public static ExternalLocation desired(
      Workspace workspace, String name, String url, String credentialName, boolean isolated) {
    return new ExternalLocation(workspace, name, url, credentialName, isolated, null, true);
  }

  /** For messages: {@code external location <name> in workspace <workspace>}. */
  @Override
  public String describe() {
    return "external location " + name + " in workspace " + workspace.name();
  }

  /**
   * What matters: lakewire made it, at this URL, on this credential (never changed: other tables
   * may live there); for an isolated one, its isolation and binding to the workspace, which
   * lakewire corrects.
   */
  @Override
  public Match match(ExternalLocation actual) {
    if (!actual.lakewires) {
      return Match.notLakewires(
          "with URL " + actual.url + " on credential " + actual.credentialName,
          actual.owner,
          "URL " + url + " on credential " + credentialName);
    }
    return new Match.Differences()
        .ignoringCase("URL", trim(this.url), trim(actual.url), false)
        .ignoringCase("credential", this.credentialName, actual.credentialName, false)
        .compare(
            "isolated and bound to the workspace",
            String.valueOf(this.isolated),
            String.valueOf(actual.isolated),
            !this.isolated || actual.isolated,
            true)
        .result();
  }

  private static String trim(String u) {
    return u != null && u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }
}
