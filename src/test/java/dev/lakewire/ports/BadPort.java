package dev.lakewire.ports;

/** Test-only: a port that leaks an SDK type, to prove the rules catch it. */
public interface BadPort {
  com.azure.core.credential.TokenCredential credential();
}
