package dev.lakewire.ports;

import java.util.Optional;

/** Azure Databricks Access Connectors in ARM. */
public interface AccessConnectors {

  /** The connector with this ARM id, or empty when ARM answers 404. */
  Optional<AccessConnector> find(String accessConnectorResourceId);

  /**
   * Starts creating (or updating) the connector and returns what ARM answered; provisioning may
   * still be under way. Does not wait for it.
   */
  AccessConnector createOrUpdate(AccessConnectorSpec spec);
}
