package dev.lakewire.onboarding.step;

import dev.lakewire.ports.Workspaces;

/** Test-only: a port implemented outside the adapter packages, to prove the rule catches it. */
public abstract class BadAdapter implements Workspaces {}
