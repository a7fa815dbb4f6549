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
}
