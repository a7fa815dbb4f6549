package dev.lakewire.ports;

/** Unity Catalog external locations. */
public interface ExternalLocations {

  /** What {@link #ensure} found. */
  enum Result {
    CREATED,
    ALREADY_EXISTED
  }

  /**
   * Makes sure an external location with this name, URL and credential exists (open to every
   * workspace of the metastore). One that exists with another URL or credential, or that lakewire
   * did not create, is {@link CloudFailure.Permanent}.
   */
  Result ensure(Workspace workspace, String name, String url, String credentialName);

  /**
   * {@link #ensure} for a location of one workspace: {@code ISOLATION_MODE_ISOLATED} and bound
   * (read-write) to {@code workspace} only.
   */
  Result ensureIsolated(Workspace workspace, String name, String url, String credentialName);
}
