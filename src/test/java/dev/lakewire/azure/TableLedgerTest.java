package dev.lakewire.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.policy.FixedDelayOptions;
import com.azure.core.http.policy.RetryOptions;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.TableClientBuilder;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableServiceException;
import com.azure.data.tables.models.TableTransactionAction;
import com.azure.data.tables.models.TableTransactionActionType;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.OnboardingRecord.Status;
import dev.lakewire.ports.Step;
import dev.lakewire.testing.Azurite;
import dev.lakewire.testing.OnboardingLedgerContract;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The ledger against Azure Table Storage as Azurite serves it (started by the test harness). */
class TableLedgerTest extends OnboardingLedgerContract {

  private TableClient table;

  @Override
  protected OnboardingLedger newLedger() {
    table = Azurite.tables().newTable();
    return new TableLedger(table);
  }

  @Test
  void writesOneEntityPerWorkspaceKeyedBySubscriptionAndEscapedId() {
    ledger.save(record(ID));

    TableEntity e =
        table.getEntity(
            "6d9b0f1e-3c2a-4b5d-9e8f-0a1b2c3d4e5f",
            "~2fsubscriptions~2f6d9b0f1e-3c2a-4b5d-9e8f-0a1b2c3d4e5f~2fresourcegroups~2frg-data"
                + "~2fproviders~2fmicrosoft.databricks~2fworkspaces~2fws-analytics");
    assertThat(e.getProperty("workspaceResourceId")).isEqualTo(ID);
    assertThat(e.getProperty("step")).isEqualTo("ASSIGN_STORAGE_ROLES");
    assertThat(e.getProperty("status")).isEqualTo("WAITING");
    assertThat(e.getProperty("attempts")).isEqualTo(3);
    assertThat(e.getProperty("firstSeen")).isInstanceOf(OffsetDateTime.class);
    assertThat(((OffsetDateTime) e.getProperty("lastUpdated")).toInstant()).isEqualTo(LAST_UPDATED);
    assertThat((String) e.getProperty("lastError")).startsWith("PrincipalNotFound");
    assertThat(e.getProperty("correlationId")).isEqualTo("corr-42");
    assertThat(e.getProperty("stepAttempts"))
        .isEqualTo("{\"CREATE_ACCESS_CONNECTOR\":1,\"ASSIGN_STORAGE_ROLES\":3}");
    assertThat(table.listEntities()).hasSize(1);
  }

  @Test
  void readsBackEveryFieldItWroteUnderTheSameColumnNames() {
    OnboardingRecord full =
        record(ID).toBuilder()
            .run(4)
            .generation(2)
            .accessVerified(true)
            .pendingEvent(new OnboardingRecord.PendingEvent(LAST_UPDATED.plusSeconds(60)))
            .build();

    TableEntity e = TableLedger.toEntity(full);

    assertThat(TableLedger.toRecord(e)).isEqualTo(full);
    assertThat(e.getProperties().keySet())
        .contains(
            "workspaceResourceId",
            "step",
            "status",
            "attempts",
            "firstSeen",
            "lastUpdated",
            "lastError",
            "correlationId",
            "stepAttempts",
            "run",
            "generation",
            "accessVerified",
            "eventPending",
            "eventClaimedUntil");
  }

  @Test
  void readsAStepColumnThatNamesNoStepAsNoStep() {
    ledger.save(record(ID));
    TableEntity e = table.listEntities().iterator().next();
    e.addProperty("step", "RETIRED_STEP");
    table.upsertEntity(e);

    assertThat(ledger.find(ID).orElseThrow().step()).isNull();
  }

  @Test
  void readsTheStepColumnLeniently() {
    ledger.save(record(ID));
    TableEntity e = table.listEntities().iterator().next();
    e.addProperty("step", "bind-metastore");
    table.upsertEntity(e);

    assertThat(ledger.find(ID).orElseThrow().step()).isEqualTo(Step.BIND_METASTORE);
  }

  @Test
  void cutsALongLastErrorBelowThePropertyLimitAndSaysSo() {
    String error = "Boom: " + "x".repeat(200_000);
    OnboardingRecord r = record(ID);
    ledger.save(r.toBuilder().status(Status.FAILED).lastError(error).build());

    String stored = ledger.find(ID).orElseThrow().lastError();

    assertThat(stored).hasSize(TableLedger.MAX_ERROR_CHARS);
    assertThat(stored.getBytes(StandardCharsets.UTF_16LE).length).isLessThan(64 * 1024);
    assertThat(stored).startsWith("Boom: xxx").endsWith("[cut: the error had 200006 characters]");
  }

  @Test
  void createsTheTableWhenItIsMissing() {
    TableClient missing = Azurite.tables().newTable();
    assertThatThrownBy(() -> missing.listEntities().iterator().hasNext())
        .isInstanceOf(HttpResponseException.class)
        .hasMessageContaining("TableNotFound");

    OnboardingLedger created = new TableLedger(missing);
    created.save(record(ID));

    assertThat(missing.listEntities()).hasSize(1);
    assertThat(created.find(ID)).contains(record(ID));
  }

  @Test
  void sharesTheTableWithASecondLedgerOnIt() {
    ledger.save(record(ID));

    OnboardingLedger second = new TableLedger(Azurite.tables().table(table.getTableName()));
    second.save(record(workspace(SUBSCRIPTION, "ws-second")));

    assertThat(second.find(ID)).contains(record(ID));
    assertThat(ledger.list()).hasSize(2);
  }

  @Test
  void refusesAWellFormedTokenThatIsNoTablePositionBeforeAskingTheService() {
    ledger.save(record(workspace("11111111-1111-1111-1111-111111111111", "ws-a")));
    String noPosition = dev.lakewire.ports.PageTokens.encode("no-semicolon");

    assertThatThrownBy(() -> ledger.page(10, noPosition, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("continuation");
  }

  @Test
  void aPageOfTheTableCarriesTheServicesContinuationWrapped() {
    for (int i = 0; i < 3; i++) {
      ledger.save(record(workspace("11111111-1111-1111-1111-111111111111", "ws-" + i)));
    }

    OnboardingLedger.Page first = ledger.page(2, null, null);
    String sdkToken = dev.lakewire.ports.PageTokens.decode(first.continuation());
    OnboardingLedger.Page second = ledger.page(2, first.continuation(), null);

    assertThat(first.records()).hasSize(2);
    assertThat(sdkToken).as("nextPartitionKey;nextRowKey").contains(";");
    assertThat(second.records()).hasSize(1);
    assertThat(second.continuation()).isNull();
  }

  @Test
  void listsRecordsOverMoreThanOnePage() {
    List<String> subscriptions =
        List.of(
            "11111111-1111-1111-1111-111111111111",
            "22222222-2222-2222-2222-222222222222",
            "33333333-3333-3333-3333-333333333333");
    Set<String> ids = new java.util.HashSet<>();
    for (String subscription : subscriptions) {
      // One transaction holds at most 100 entities of one partition: write rows in bulk.
      for (int batch = 0; batch < 4; batch++) {
        List<TableTransactionAction> actions = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          String id = workspace(subscription, "ws-" + batch + "-" + i);
          ids.add(id);
          actions.add(
              new TableTransactionAction(
                  TableTransactionActionType.UPSERT_REPLACE, TableLedger.toEntity(record(id))));
        }
        table.submitTransaction(actions);
      }
    }

    // The service hands out at most 1000 entities a page, so these take more than one.
    assertThat(
            table.listEntities(new ListEntitiesOptions().setTop(1000), null, null).iterableByPage())
        .hasSizeGreaterThan(1);

    List<OnboardingRecord> listed = ledger.list();

    assertThat(ids).hasSize(1200);
    assertThat(listed).hasSize(1200);
    assertThat(
            listed.stream().map(OnboardingRecord::workspaceResourceId).collect(Collectors.toSet()))
        .isEqualTo(ids);
  }

  @Test
  void failsInsteadOfFindingNothingWhenTheTableIsGone() {
    ledger.save(record(ID));
    table.deleteTable();

    assertThatThrownBy(() -> ledger.find(ID))
        .isInstanceOf(LedgerStorageException.class)
        .hasMessageContaining(table.getTableName())
        .hasMessageContaining("find of " + ID)
        .hasMessageContaining("404");
  }

  @Test
  void failsToSaveAndToListWhenTheTableIsGone() {
    table.deleteTable();

    assertThatThrownBy(() -> ledger.save(record(ID)))
        .isInstanceOf(LedgerStorageException.class)
        .hasMessageContaining("save of " + ID)
        .hasCauseInstanceOf(TableServiceException.class);
    assertThatThrownBy(() -> ledger.list())
        .isInstanceOf(LedgerStorageException.class)
        .hasMessageContaining("list failed (HTTP 404)");
  }

  @Test
  void failsToStartWhenTheServiceCannotBeReached() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    TableClient unreachable =
        new TableClientBuilder()
            .connectionString(
                Azurite.tables()
                    .connectionString()
                    .replace(
                        Azurite.tables().tableEndpoint(),
                        "http://127.0.0.1:" + closedPort + "/" + Azurite.ACCOUNT))
            .tableName("unreachable")
            .retryOptions(new RetryOptions(new FixedDelayOptions(0, Duration.ZERO)))
            .buildClient();

    assertThatThrownBy(() -> new TableLedger(unreachable))
        .isInstanceOf(LedgerStorageException.class)
        .hasMessageContaining("ledger table 'unreachable': create table failed");
  }
}
