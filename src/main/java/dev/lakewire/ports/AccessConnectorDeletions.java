package dev.lakewire.ports;

/**
 * Deleting Access Connectors (offboarding). A separate port from {@link AccessConnectors} so that
 * the onboarding steps cannot delete anything.
 */
public interface AccessConnectorDeletions {

  /**
   * Deletes the connector. ARM answers 200 (deleted), 202 (deletion accepted, still under way) or
   * 204 (there was none); the caller reads the connector again to see it gone.
   *
   * @return false when ARM said there was none (204 or 404), true when it deleted or started to
   */
  boolean delete(String accessConnectorResourceId);
}
