package dev.lakewire.ports;

/**
 * A workspace's Unity Catalog metastore assignment as the Databricks account records it: the one
 * lakewire wants ({@link #desired}) or the one the account shows.
 *
 * @param workspace the workspace
 * @param metastoreId the metastore assigned (compared case-insensitively)
 * @param defaultCatalogName the default catalog of a new assignment (not compared)
 * @param replacesAnother whether lakewire may replace an assignment to another metastore (the
 *     policy's {@code REPLACE}); a shown one is false
 */
public record MetastoreAssignment(
    Workspace workspace, String metastoreId, String defaultCatalogName, boolean replacesAnother)
    implements Desired<MetastoreAssignment> {

  /** The assignment lakewire wants. */
  public static MetastoreAssignment desired(
      Workspace workspace, String metastoreId, String defaultCatalogName, boolean replacesAnother) {
    return new MetastoreAssignment(workspace, metastoreId, defaultCatalogName, replacesAnother);
  }

  /** The workspace's assignment to {@code metastoreId} as the account shows it. */
  public static MetastoreAssignment shown(Workspace workspace, String metastoreId) {
    return new MetastoreAssignment(workspace, metastoreId, null, false);
  }

  @Override
  public String describe() {
    return "the metastore assignment of workspace " + workspace.name();
  }

  /**
   * What matters: the metastore. Another one is corrected (unassigned, then this one assigned) only
   * when the desired assignment {@link #replacesAnother}.
   */
  @Override
  public Match match(MetastoreAssignment actual) {
    return new Match.Differences()
        .ignoringCase("metastore", this.metastoreId, actual.metastoreId, this.replacesAnother)
        .result();
  }
}
