package dev.lakewire.ports;

/** Unity Catalog external locations. */
public interface ExternalLocations {

  /** What {@link #ensure} found. */
  enum Result {
    CREATED,
    ALREADY_EXISTED
  }

  /** Makes sure an external location with this name, URL and credential exists. */
  Result ensure(Workspace workspace, String name, String url, String credentialName);
}
