package dev.lakewire.ports;

import java.util.Optional;

/**
 * Azure Databricks Access Connectors in ARM, a {@link Managed} thing ({@link
 * AccessConnectorSpec#match}): an identity or owner tags not lakewire's are never adopted or
 * overwritten; lakewire's tags that were removed or changed, and a failed provisioning, are written
 * back by a PUT that keeps the other tags.
 */
public interface AccessConnectors extends Managed<AccessConnectorSpec, AccessConnector> {

  /** The connector with this ARM id, or empty when ARM answers 404. */
  Optional<AccessConnector> find(String accessConnectorResourceId);

  @Override
  default Optional<AccessConnector> fetch(AccessConnectorSpec desired) {
    return find(desired.id());
  }

  /**
   * Starts creating the connector (one PUT) and returns what ARM answered; provisioning may still
   * be under way. Does not wait for it.
   */
  @Override
  AccessConnector create(AccessConnectorSpec desired);

  /**
   * The same PUT with {@code actual}'s other tags kept ({@link AccessConnectorSpec#keepingTagsOf}).
   */
  @Override
  default AccessConnector update(AccessConnectorSpec desired, AccessConnector actual) {
    return create(desired.keepingTagsOf(actual));
  }
}
