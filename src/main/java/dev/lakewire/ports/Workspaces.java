package dev.lakewire.ports;

import java.util.Optional;

/** Reads Azure Databricks workspaces from ARM. */
public interface Workspaces {

  /** The workspace with this ARM id, or empty when ARM answers 404. */
  Optional<Workspace> find(String workspaceResourceId);
}
