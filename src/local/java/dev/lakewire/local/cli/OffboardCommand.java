package dev.lakewire.local.cli;

import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.ports.OnboardingRecord;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code lakewire offboard --workspace ID}: the offboarding chain for one workspace, in this
 * process (the CLI equivalent of {@code POST /api/offboard}).
 */
@Command(
    name = "offboard",
    mixinStandardHelpOptions = true,
    description =
        "Runs the offboarding chain for one workspace in this process: removes what lakewire"
            + " created for it (its role assignments, its access connector, and, where the layout"
            + " and LAKEWIRE_OFFBOARD_CATALOG_OBJECTS allow, its catalog objects), and only that;"
            + " against Azure (or --local), on an in-memory Service Bus, with the app's ledger;"
            + " prints a timeline. Exit code: 0 when the workspace is OFFBOARDED, 1 otherwise, 2 on"
            + " usage errors.")
final class OffboardCommand extends ChainCommand {

  @Override
  Optional<OnboardingRecord> runChain(Target t, WorkspaceRef ws) {
    return Onboard.offboard(t, ws, out, !quiet);
  }

  @Override
  OnboardingRecord.Status success() {
    return OnboardingRecord.Status.OFFBOARDED;
  }
}
