package dev.lakewire.ports;

/**
 * Deleting Access Connectors (offboarding) with {@link Reconciler#delete}: observed and compared as
 * {@link AccessConnectors} does. A separate port so that the onboarding steps cannot delete
 * anything.
 */
public interface AccessConnectorDeletions {

  /**
   * The connectors, deleted by one DELETE: ARM answers 200 (deleted), 202 (deletion accepted, still
   * under way) or 204 (there was none, false); the caller reads the connector again to see it gone.
   */
  Managed<AccessConnectorSpec, AccessConnector> connectors();
}
