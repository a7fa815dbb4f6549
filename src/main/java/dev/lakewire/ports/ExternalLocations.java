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

  /**
   * Whether lakewire's external location of this name exists with this URL and credential (a read,
   * for {@code lakewire plan}); one of that name that is another's is {@link
   * CloudFailure.Permanent}, as {@link #ensure} would find.
   *
   * @throws UnsupportedOperationException when this implementation cannot read
   */
  default boolean exists(Workspace workspace, String name, String url, String credentialName) {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot read external locations");
  }
}
