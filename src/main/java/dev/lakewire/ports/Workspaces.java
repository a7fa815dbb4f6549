package dev.lakewire.ports;

import java.util.List;
import java.util.Optional;

/** Reads Azure Databricks workspaces from ARM. */
public interface Workspaces {

  /** The workspace with this ARM id, or empty when ARM answers 404. */
  Optional<Workspace> find(String workspaceResourceId);

  /**
   * Every Databricks workspace of a subscription (ARM's list by subscription, all pages).
   *
   * @throws UnsupportedOperationException when this implementation cannot list (a fake that only
   *     finds)
   */
  default List<Workspace> list(String subscriptionId) {
    throw new UnsupportedOperationException(
        getClass().getName() + " cannot list the workspaces of a subscription");
  }

  /**
   * The workspace's attached access connector and provisioning state, read fresh (empty when ARM
   * answers 404). Only used with {@code LAKEWIRE_ATTACH_CONNECTOR=true}.
   */
  default Optional<ConnectorAttachment> attachment(String workspaceResourceId) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot read a workspace's access connector");
  }

  /**
   * Attaches an access connector to the workspace: a read-modify-write PUT of the workspace with
   * {@code properties.accessConnector} set, everything else as read. Returns once ARM accepted the
   * update (a long-running operation: the workspace is {@code Updating} for a while); never polls.
   *
   * @param userAssignedIdentityId the connector identity to use; null for its system-assigned one
   */
  default void attach(
      String workspaceResourceId, String accessConnectorId, String userAssignedIdentityId) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " cannot attach an access connector");
  }
}
