package dev.lakewire.local.cli;

import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.ports.OnboardingRecord;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code lakewire onboard --workspace ID}: the onboarding chain for one workspace, in this process.
 */
@Command(
    name = "onboard",
    mixinStandardHelpOptions = true,
    description =
        "Runs the onboarding chain for one workspace in this process: the production steps and"
            + " SDK adapters against Azure (or --local), step messages on an in-memory Service"
            + " Bus, re-checks on the wall clock (the local cloud's virtual clock with --local),"
            + " the app's ledger (LAKEWIRE_LEDGER_*); prints a timeline. Exit code: 0 when the"
            + " workspace is COMPLETED, 1 otherwise, 2 on usage errors.")
final class OnboardCommand extends ChainCommand {

  @Override
  Optional<OnboardingRecord> runChain(Target t, WorkspaceRef ws) {
    return Onboard.one(t, ws, out, !quiet);
  }

  @Override
  OnboardingRecord.Status success() {
    return OnboardingRecord.Status.COMPLETED;
  }
}
