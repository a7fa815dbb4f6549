package dev.lakewire.ports;

import java.util.List;
import java.util.Optional;

/** The onboarding ledger: one record per workspace (Azure Table Storage in Azure). */
public interface OnboardingLedger {

  /** The record of this workspace (ids compare case-insensitively), or empty. */
  Optional<OnboardingRecord> find(String workspaceResourceId);

  /** Inserts or replaces the record of its workspace. */
  void save(OnboardingRecord record);

  /** Every record. */
  List<OnboardingRecord> list();
}
