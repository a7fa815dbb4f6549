package dev.lakewire.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.local.cloud.Counts;
import dev.lakewire.local.cloud.LoggedRequest;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.ports.OnboardingRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The CLI's commands for real Azure, run on the local cloud ({@code --local} acts on a {@link
 * LocalWorld}; here each test builds its own, so that it can look at the cloud afterwards).
 */
class CliCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  record Ran(int exit, String out, String err) {}

  /** Runs a subcommand on {@code world}, capturing what it prints. */
  private static Ran run(Object command, LocalWorld world, String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TargetOptions target;
    if (command instanceof PlanCommand c) {
      c.out = out;
      target = c.target;
    } else if (command instanceof ChainCommand c) {
      c.out = out;
      target = c.target;
    } else if (command instanceof StatusCommand c) {
      c.out = out;
      target = c.target;
    } else if (command instanceof BackfillCommand c) {
      c.out = out;
      c.terminal = false;
      target = c.target;
    } else {
      throw new IllegalArgumentException(String.valueOf(command));
    }
    target.world = world;
    StringWriter err = new StringWriter();
    int exit = new CommandLine(command).setErr(new PrintWriter(err)).execute(args);
    return new Ran(exit, bytes.toString(StandardCharsets.UTF_8), err.toString());
  }

  /** Requests after the first {@code from} that are not reads (a validation POST is a read). */
  private static List<LoggedRequest> writesAfter(LocalWorld world, int from) {
    List<LoggedRequest> all = world.cloud().requests();
    return all.subList(from, all.size()).stream()
        .filter(r -> !r.method().equals("GET") && !r.method().equals("HEAD"))
        .toList();
  }

  @Test
  void planWritesNothingAndListsWhatAFreshWorkspaceNeeds() {
    try (LocalWorld world = LocalWorld.start()) {
      String ws = world.workspaces().get(1);
      Counts before = world.cloud().counts();
      int from = world.cloud().requests().size();

      Ran plan = run(new PlanCommand(), world, "--workspace", ws);

      assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
      // every request the plan sent was a read
      List<LoggedRequest> all = world.cloud().requests();
      assertThat(all.subList(from, all.size()))
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.method()).as(r.path()).isEqualTo("GET"));
      assertThat(world.cloud().counts()).isEqualTo(before);
      assertThat(world.ledger().list()).isEmpty();
      assertThat(plan.out())
          .contains("CREATE_ACCESS_CONNECTOR")
          .contains("create access connector " + ws.replace("/workspaces/ws-002", ""))
          .contains("accessConnectors/ws-002-uc")
          .contains(
              "create role assignment Storage Blob Data Contributor on /subscriptions/"
                  + LocalWorld.SUBSCRIPTION
                  + "/resourceGroups/rg-lake/providers/Microsoft.Storage/storageAccounts/lakedemo"
                  + "/blobServices/default/containers/raw for principal (known after apply)")
          .contains("assign metastore " + LocalWorld.METASTORE + " to workspace ws-002")
          .contains("add lakewire's service principal to workspace ws-002")
          .contains("create storage credential ws_002_")
          .contains("change(s) planned; nothing was written");
    }
  }

  @Test
  void planSaysNoChangesForAWiredWorkspaceAndWritesNothing() {
    try (LocalWorld world = LocalWorld.start()) {
      String ws = world.workspaces().get(0);
      Onboard.wireQuietly(Target.local(world), ws);
      int from = world.cloud().requests().size();

      Ran plan = run(new PlanCommand(), world, "--workspace", ws);

      assertThat(plan.exit()).as(plan.out() + plan.err()).isZero();
      assertThat(plan.out()).contains("no changes: every step's desired state holds");
      assertThat(plan.out()).doesNotContain("  + ");
      assertThat(writesAfter(world, from)).isEmpty();
    }
  }

  @Test
  void planShowsTheOneRoleAssignmentAWiredWorkspaceLost() throws Exception {
    try (LocalWorld world = LocalWorld.start()) {
      String ws = world.workspaces().get(0);
      Onboard.wireQuietly(Target.local(world), ws);
      String scope = DriftRepairTest.deleteDataRole(world, ws, "raw");

      Ran plan = run(new PlanCommand(), world, "--workspace", ws);

      assertThat(plan.out())
          .contains("ASSIGN_STORAGE_ROLES")
          .contains("create role assignment Storage Blob Data Contributor on " + scope)
          .contains("1 change(s) planned");
    }
  }

  @Test
  void planFollowsTheProductionChainItsSkipTagAndTheConnectorAttachment() {
    try (LocalWorld world = LocalWorld.start()) {
      world.set(dev.lakewire.onboarding.policy.OnboardingPolicy.ATTACH_CONNECTOR, "true");
      String attached = world.workspaces().get(1);
      String skipped = world.workspaces().get(2);
      world.cloud().setWorkspaceTags(skipped, java.util.Map.of("lakewire:skip", "true"));
      int from = world.cloud().requests().size();

      Ran attach = run(new PlanCommand(), world, "--workspace", attached);
      Ran skip = run(new PlanCommand(), world, "--workspace", skipped);

      assertThat(attach.exit()).as(attach.out() + attach.err()).isZero();
      assertThat(attach.out())
          .contains(
              "attach access connector " + connectorOf(attached) + " (SystemAssigned) to workspace")
          .contains("assign metastore " + LocalWorld.METASTORE + " to workspace ws-002");
      assertThat(skip.exit()).as(skip.out() + skip.err()).isZero();
      assertThat(skip.out()).contains("skipped: ").doesNotContain("role assignment");
      assertThat(world.cloud().workspaceAccessConnector(attached)).isEmpty();
      assertThat(writesAfter(world, from)).isEmpty();
    }
  }

  @Test
  void onboardCompletesAWorkspaceAndPrintsItsTimeline() {
    try (LocalWorld world = LocalWorld.start()) {
      String ws = world.workspaces().get(2);

      Ran onboard = run(new OnboardCommand(), world, "--workspace", ws);

      assertThat(onboard.exit()).as(onboard.out() + onboard.err()).isZero();
      assertThat(onboard.out())
          .contains("rg-analytics/ws-003    queued at CREATE_ACCESS_CONNECTOR".replace("    ", " "))
          .contains("CREATE_ACCESS_CONNECTOR done → ASSIGN_STORAGE_ROLES")
          .contains("rg-analytics/ws-003 COMPLETED at BIND_METASTORE");
      assertThat(world.ledger().find(ws).map(OnboardingRecord::status))
          .contains(OnboardingRecord.Status.COMPLETED);
      assertThat(world.cloud().assignedMetastore(ws)).contains(LocalWorld.METASTORE);
      assertThat(world.cloud().accessConnectorPrincipal(connectorOf(ws))).isPresent();
    }
  }

  @Test
  void offboardRemovesTheConnectorAndItsRoleAssignmentsOfOneWorkspaceAndNothingElse() {
    try (LocalWorld world = LocalWorld.start()) {
      String gone = world.workspaces().get(1);
      String kept = world.workspaces().get(2);
      Onboard.wireQuietly(Target.local(world), kept);
      int beforeGone = world.cloud().counts().roleAssignments();
      Onboard.wireQuietly(Target.local(world), gone);
      assertThat(world.cloud().counts().roleAssignments()).isGreaterThan(beforeGone);

      Ran offboard = run(new OffboardCommand(), world, "--workspace", gone);

      assertThat(offboard.exit()).as(offboard.out() + offboard.err()).isZero();
      assertThat(offboard.out())
          .contains("REMOVE_STORAGE_ROLES done")
          .contains("rg-analytics/ws-002 OFFBOARDED");
      assertThat(world.ledger().find(gone).map(OnboardingRecord::status))
          .contains(OnboardingRecord.Status.OFFBOARDED);
      assertThat(world.cloud().accessConnectorPrincipal(connectorOf(gone))).isEmpty();
      assertThat(world.cloud().accessConnectorPrincipal(connectorOf(kept))).isPresent();
      // exactly what wiring the offboarded workspace added is gone
      assertThat(world.cloud().counts().roleAssignments()).isEqualTo(beforeGone);
      assertThat(world.ledger().find(kept).map(OnboardingRecord::status))
          .contains(OnboardingRecord.Status.COMPLETED);
    }
  }

  @Test
  void statusPrintsTheLedgerAsATableAndAsJson() throws Exception {
    try (LocalWorld world = LocalWorld.start()) {
      String ws = world.workspaces().get(0);
      Onboard.wireQuietly(Target.local(world), ws);

      Ran table = run(new StatusCommand(), world);
      Ran json = run(new StatusCommand(), world, "--json");
      Ran failed = run(new StatusCommand(), world, "--status", "failed");

      assertThat(table.exit()).isZero();
      assertThat(table.out().lines().toList())
          .anySatisfy(l -> assertThat(l).startsWith("workspace").contains("status"))
          .anySatisfy(
              l ->
                  assertThat(l)
                      .startsWith("rg-analytics/ws-001")
                      .contains("COMPLETED")
                      .contains("BIND_METASTORE"))
          .contains("1 record(s)");
      JsonNode records = JSON.readTree(json.out());
      assertThat(records.isArray()).isTrue();
      assertThat(records).hasSize(1);
      assertThat(records.get(0).path("workspaceResourceId").asText()).isEqualToIgnoringCase(ws);
      assertThat(records.get(0).path("status").asText()).isEqualTo("COMPLETED");
      assertThat(records.get(0).path("accessVerified").asBoolean()).isTrue();
      assertThat(failed.out()).contains("the ledger has no records");
    }
  }

  @Test
  void backfillOnboardsOnlyTheUnwiredFollowingArmsNextLinks() {
    try (LocalWorld world = LocalWorld.start()) {
      String wired = world.workspaces().get(0);
      Onboard.wireQuietly(Target.local(world), wired);
      OnboardingRecord wiredBefore = world.ledger().find(wired).orElseThrow();
      world.cloud().setWorkspaceListPageSize(2);
      int from = world.cloud().requests().size();

      Ran backfill = run(new BackfillCommand(), world);

      assertThat(backfill.exit()).as(backfill.out() + backfill.err()).isZero();
      assertThat(backfill.out())
          .contains("backfill: 3 workspace(s) in 1 subscription(s); 2 to onboard, 1 wired")
          .contains("rg-analytics/ws-001 skipped: wired (completed)")
          .contains("] rg-analytics/ws-002 COMPLETED")
          .contains("] rg-analytics/ws-003 COMPLETED")
          .contains("backfill: 2 of 2 onboarded");
      // the wired workspace got no new run, and nothing was written for it
      assertThat(world.ledger().find(wired)).contains(wiredBefore);
      List<LoggedRequest> all = world.cloud().requests();
      List<LoggedRequest> since = all.subList(from, all.size());
      assertThat(writesAfter(world, from))
          .noneMatch(r -> r.path().toLowerCase(Locale.ROOT).contains("ws-001-uc"));
      for (String ws : world.workspaces().subList(1, 3)) {
        assertThat(world.ledger().find(ws).map(OnboardingRecord::status))
            .contains(OnboardingRecord.Status.COMPLETED);
      }
      // 3 workspaces, pages of 2: the list was read twice (the second page by its nextLink)
      assertThat(
              since.stream()
                  .filter(
                      r ->
                          r.path()
                              .equalsIgnoreCase(
                                  "/subscriptions/"
                                      + LocalWorld.SUBSCRIPTION
                                      + "/providers/Microsoft.Databricks/workspaces")))
          .hasSize(2);
    }
  }

  @Test
  void backfillOfASubscriptionOutsideTheAllowListIsAUsageError() {
    try (LocalWorld world = LocalWorld.start()) {
      Ran backfill =
          run(
              new BackfillCommand(),
              world,
              "--subscription",
              "00000000-0000-0000-0000-000000000001");

      assertThat(backfill.exit()).isEqualTo(2);
      assertThat(backfill.err().lines().findFirst().orElse(""))
          .contains("subscription")
          .contains("LAKEWIRE_ALLOWED_SUBSCRIPTIONS");
      assertThat(world.ledger().list()).isEmpty();
    }
  }

  @Test
  void badInputIsAUsageErrorNamingTheOptionWithoutAStackTrace(@TempDir Path dir) throws Exception {
    Path notJson = Files.writeString(dir.resolve("local.settings.json"), "{not json");
    Path noValues = Files.writeString(dir.resolve("other.json"), "{\"Settings\": {}}");
    Path empty = Files.writeString(dir.resolve("empty.json"), "{\"Values\": {}}");
    String ws = world0Workspace();
    List<List<String>> cases =
        List.of(
            List.of("plan"),
            List.of("onboard", "--workspace", "not-an-id"),
            List.of(
                "plan", "--workspace", ws, "--settings", dir.resolve("missing.json").toString()),
            List.of("onboard", "--workspace", ws, "--settings", notJson.toString()),
            List.of("status", "--settings", noValues.toString()),
            List.of("backfill", "--spacing", "PT-1S"));
    List<String> named =
        List.of(
            "--workspace", "--workspace", "--settings", "--settings", "--settings", "--spacing");
    for (int i = 0; i < cases.size(); i++) {
      StringWriter err = new StringWriter();
      CommandLine cli = LakewireCli.commandLine().setErr(new PrintWriter(err));
      int exit = cli.execute(cases.get(i).toArray(String[]::new));
      assertThat(exit).as("%s: %s", cases.get(i), err).isEqualTo(2);
      assertThat(err.toString().lines().toList())
          .as("%s", cases.get(i))
          .singleElement()
          .asString()
          .startsWith("lakewire " + cases.get(i).get(0) + ": ")
          .contains(named.get(i));
      assertThat(err.toString()).as("%s", cases.get(i)).doesNotContain("\tat ", "Exception");
    }
  }

  @Test
  void aCloudThatDoesNotAnswerIsOneLineOnStderrAndExitOne() {
    LocalWorld world = LocalWorld.start();
    String ws = world.workspaces().get(1);
    world.close();

    Ran plan = run(new PlanCommand(), world, "--workspace", ws);

    assertThat(plan.exit()).isEqualTo(1);
    assertThat(plan.err().lines().toList()).hasSize(1);
    assertThat(plan.err()).startsWith("lakewire plan: ").doesNotContain("\tat ");
  }

  private static String world0Workspace() {
    return "/subscriptions/"
        + LocalWorld.SUBSCRIPTION
        + "/resourceGroups/rg-analytics/providers/Microsoft.Databricks/workspaces/ws-001";
  }

  static String connectorOf(String ws) {
    return dev.lakewire.onboarding.message.Names.accessConnectorId(
        WorkspaceRef.parse("id", ws), "-uc");
  }
}
