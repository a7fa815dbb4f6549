package dev.lakewire.azure;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.rest.PagedResponse;
import com.azure.core.util.Context;
import com.azure.data.tables.TableClient;
import com.azure.data.tables.models.ListEntitiesOptions;
import com.azure.data.tables.models.TableEntity;
import com.azure.data.tables.models.TableEntityUpdateMode;
import com.azure.data.tables.models.TableErrorCode;
import com.azure.data.tables.models.TableServiceException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.PageTokens;
import dev.lakewire.ports.Step;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The onboarding ledger in Azure Table Storage: one entity per workspace.
 *
 * <p><b>Keys</b> ({@link TableKeys}): PartitionKey = the lower-cased subscription id of the
 * workspace, RowKey = a readable escape of the lower-cased workspace ARM id ({@code /} → {@code
 * ~2f}, …), so lookups ignore the case of the id.
 *
 * <p><b>Columns</b>: {@code workspaceResourceId} (the id as saved, original case), {@code step},
 * {@code status} (enum name), {@code attempts} (Int32), {@code firstSeen} and {@code lastUpdated}
 * (Edm.DateTime, kept to the microsecond), {@code lastError} (at most {@value #MAX_ERROR_CHARS}
 * characters, well under the 64 KiB property limit; longer errors are cut and marked), {@code
 * correlationId}, {@code stepAttempts} (a JSON object of step name → tries, in the order the steps
 * ran), {@code run} and {@code generation} (Int32; a row without them is of run 0, generation 0).
 * {@code accessVerified} (Boolean), {@code eventPending} (Boolean, true while the run's outcome
 * event is owed) and {@code eventClaimedUntil} (Edm.DateTime, the publisher's claim). Null values
 * are left out of the entity.
 *
 * <p><b>Writes</b> use optimistic concurrency (ETag / If-Match): {@link #read} returns the entity's
 * ETag; {@link #insert} is an Insert Entity (409 {@code EntityAlreadyExists} → false); {@link
 * #replace} is an Update Entity in replace mode with {@code If-Match: <etag>} (412 {@code
 * UpdateConditionNotSatisfied}, or 404 when the row is gone → false). The domain's ledger
 * transitions re-read and decide again when they lose; see <a
 * href="https://learn.microsoft.com/rest/api/storageservices/update-entity2">Update Entity</a>.
 * {@link #save} is an unconditional upsert in replace mode (tests and tools).
 *
 * <p><b>Failures</b>: a missing entity is an empty {@link #find}; every other service or transport
 * failure (after the SDK's own retries) is thrown as a {@link LedgerStorageException} naming the
 * table, the operation and the workspace — a transient failure for the step worker, so the step
 * message is redelivered. A missing table is such a failure too, not an empty ledger.
 */
public final class TableLedger implements OnboardingLedger {

  /** The longest {@code lastError} kept, in UTF-16 chars (the service limit is 32 K chars). */
  static final int MAX_ERROR_CHARS = 16_000;

  /** The columns a status filter and a record's key read (the others: see the class comment). */
  static final String STATUS = "status";

  static final String WORKSPACE_RESOURCE_ID = "workspaceResourceId";

  /** The entity property azure-data-tables reads the ETag of an entity from (If-Match). */
  private static final String ODATA_ETAG = "odata.etag";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Integer>> STEP_ATTEMPTS_TYPE =
      new TypeReference<>() {};
  private static final int PAGE_SIZE = 1000;

  private final TableClient table;

  /**
   * A ledger on this table, which it creates when missing (an existing table is used as it is).
   *
   * @throws LedgerStorageException when the table can neither be created nor found to exist
   */
  public TableLedger(TableClient table) {
    this.table = table;
    try {
      table.createTable();
    } catch (TableServiceException e) {
      TableErrorCode code = errorCode(e);
      boolean exists =
          TableErrorCode.TABLE_ALREADY_EXISTS.equals(code)
              || (code == null && e.getResponse().getStatusCode() == 409);
      if (!exists) {
        throw failure("create table", null, e);
      }
    } catch (RuntimeException e) {
      throw failure("create table", null, e);
    }
  }

  @Override
  public Optional<Versioned> read(String workspaceResourceId) {
    Objects.requireNonNull(workspaceResourceId, "workspaceResourceId");
    try {
      TableEntity e =
          table
              .getEntityWithResponse(
                  TableKeys.partitionKey(workspaceResourceId),
                  TableKeys.rowKey(workspaceResourceId),
                  null,
                  null,
                  Context.NONE)
              .getValue();
      return Optional.of(new Versioned(toRecord(e), e.getETag()));
    } catch (TableServiceException e) {
      if (e.getResponse().getStatusCode() == 404 && !isTableMissing(e)) {
        return Optional.empty();
      }
      throw failure("find", workspaceResourceId, e);
    } catch (RuntimeException e) {
      throw failure("find", workspaceResourceId, e);
    }
  }

  @Override
  public boolean insert(OnboardingRecord record) {
    TableEntity entity = toEntity(record);
    try {
      table.createEntityWithResponse(entity, null, Context.NONE);
      return true;
    } catch (TableServiceException e) {
      TableErrorCode code = errorCode(e);
      boolean exists =
          e.getResponse().getStatusCode() == 409
              && (code == null || TableErrorCode.ENTITY_ALREADY_EXISTS.equals(code));
      if (exists) {
        return false;
      }
      throw failure("insert", record.workspaceResourceId(), e);
    } catch (RuntimeException e) {
      throw failure("insert", record.workspaceResourceId(), e);
    }
  }

  @Override
  public boolean replace(OnboardingRecord record, String etag) {
    Objects.requireNonNull(etag, "etag");
    TableEntity entity = toEntity(record);
    entity.addProperty(ODATA_ETAG, etag);
    try {
      table.updateEntityWithResponse(
          entity, TableEntityUpdateMode.REPLACE, true, null, Context.NONE);
      return true;
    } catch (TableServiceException e) {
      int status = e.getResponse().getStatusCode();
      TableErrorCode code = errorCode(e);
      boolean changed =
          status == 412
              && (code == null || TableErrorCode.UPDATE_CONDITION_NOT_SATISFIED.equals(code));
      boolean gone =
          status == 404
              && (code == null
                  || TableErrorCode.RESOURCE_NOT_FOUND.equals(code)
                  || TableErrorCode.ENTITY_NOT_FOUND.equals(code));
      if (changed || gone) {
        return false;
      }
      throw failure("replace", record.workspaceResourceId(), e);
    } catch (RuntimeException e) {
      throw failure("replace", record.workspaceResourceId(), e);
    }
  }

  @Override
  public void save(OnboardingRecord record) {
    TableEntity entity = toEntity(record);
    try {
      table.upsertEntityWithResponse(entity, TableEntityUpdateMode.REPLACE, null, Context.NONE);
    } catch (RuntimeException e) {
      throw failure("save", record.workspaceResourceId(), e);
    }
  }

  @Override
  public List<OnboardingRecord> list() {
    List<OnboardingRecord> all = new ArrayList<>();
    try {
      for (TableEntity e :
          table.listEntities(new ListEntitiesOptions().setTop(PAGE_SIZE), null, Context.NONE)) {
        all.add(toRecord(e));
      }
    } catch (RuntimeException e) {
      throw failure("list", null, e);
    }
    return all;
  }

  /**
   * One page from the service: {@code $top} and, for a status, {@code $filter=status eq '...'}; the
   * continuation is the SDK's ({@code nextPartitionKey;nextRowKey}) wrapped by {@link PageTokens}.
   * The service may answer fewer rows than {@code $top} (even none) with a continuation
   * (learn.microsoft.com/rest/api/storageservices/query-timeout-and-pagination).
   */
  @Override
  public Page page(int top, String continuation, OnboardingRecord.Status status) {
    if (top < 1 || top > MAX_PAGE) {
      throw new IllegalArgumentException("top must be 1 to " + MAX_PAGE + ", not " + top);
    }
    String sdkToken = null;
    if (continuation != null) {
      sdkToken = PageTokens.decode(continuation);
      if (sdkToken.split(";", -1).length != 2) {
        throw new IllegalArgumentException("continuation is not a token this ledger gave");
      }
    }
    ListEntitiesOptions options = new ListEntitiesOptions().setTop(top);
    if (status != null) {
      options.setFilter(STATUS + " eq '" + status.name() + "'");
    }
    try {
      var pages = table.listEntities(options, null, Context.NONE);
      var iterator =
          (sdkToken == null ? pages.iterableByPage() : pages.iterableByPage(sdkToken)).iterator();
      if (!iterator.hasNext()) {
        return new Page(List.of(), null);
      }
      PagedResponse<TableEntity> page = iterator.next();
      List<OnboardingRecord> records = new ArrayList<>();
      page.getValue().forEach(e -> records.add(toRecord(e)));
      String next = page.getContinuationToken();
      return new Page(records, next == null ? null : PageTokens.encode(next));
    } catch (RuntimeException e) {
      throw failure("list", null, e);
    }
  }

  /** The entity of a record (package-private for tests that write rows in bulk). */
  static TableEntity toEntity(OnboardingRecord r) {
    String id = r.workspaceResourceId();
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("a ledger record needs a workspaceResourceId");
    }
    TableEntity e = new TableEntity(TableKeys.partitionKey(id), TableKeys.rowKey(id));
    e.addProperty(WORKSPACE_RESOURCE_ID, id);
    putIfPresent(e, "step", r.step() == null ? null : r.step().name());
    putIfPresent(e, STATUS, r.status() == null ? null : r.status().name());
    e.addProperty("attempts", r.attempts());
    putIfPresent(e, "firstSeen", dateTime(r.firstSeen()));
    putIfPresent(e, "lastUpdated", dateTime(r.lastUpdated()));
    putIfPresent(e, "lastError", truncate(r.lastError()));
    putIfPresent(e, "correlationId", r.correlationId());
    if (r.accessVerified() != null) {
      e.addProperty("accessVerified", r.accessVerified());
    }
    try {
      e.addProperty("stepAttempts", JSON.writeValueAsString(r.stepAttempts()));
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write stepAttempts of " + id, ex);
    }
    e.addProperty("run", r.run());
    e.addProperty("generation", r.generation());
    if (r.pendingEvent() != null) {
      e.addProperty("eventPending", true);
      putIfPresent(e, "eventClaimedUntil", dateTime(r.pendingEvent().claimedUntil()));
    }
    return e;
  }

  static OnboardingRecord toRecord(TableEntity e) {
    String id = string(e, WORKSPACE_RESOURCE_ID);
    String status = string(e, STATUS);
    Object attempts = e.getProperty("attempts");
    Object run = e.getProperty("run");
    Object generation = e.getProperty("generation");
    return new OnboardingRecord(
        id,
        Step.find(string(e, "step")).orElse(null),
        status == null ? null : OnboardingRecord.Status.valueOf(status),
        attempts instanceof Number n ? n.intValue() : 0,
        instant(e.getProperty("firstSeen")),
        instant(e.getProperty("lastUpdated")),
        string(e, "lastError"),
        string(e, "correlationId"),
        stepAttempts(e, id),
        run instanceof Number n ? n.intValue() : 0,
        generation instanceof Number n ? n.intValue() : 0,
        e.getProperty("accessVerified") instanceof Boolean b ? b : null,
        Boolean.TRUE.equals(e.getProperty("eventPending"))
            ? new OnboardingRecord.PendingEvent(instant(e.getProperty("eventClaimedUntil")))
            : null);
  }

  /**
   * {@code error} cut to {@value #MAX_ERROR_CHARS} characters (never inside a surrogate pair) and
   * marked with how much was cut, or itself when short enough.
   */
  static String truncate(String error) {
    if (error == null || error.length() <= MAX_ERROR_CHARS) {
      return error;
    }
    String marker = "… [cut: the error had " + error.length() + " characters]";
    int keep = MAX_ERROR_CHARS - marker.length();
    if (Character.isHighSurrogate(error.charAt(keep - 1))) {
      keep--;
    }
    return error.substring(0, keep) + marker;
  }

  private static Map<String, Integer> stepAttempts(TableEntity e, String id) {
    String json = string(e, "stepAttempts");
    if (json == null || json.isEmpty()) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, STEP_ATTEMPTS_TYPE);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(
          "ledger row of " + id + " has a stepAttempts that is not a JSON object: " + json, ex);
    }
  }

  private static void putIfPresent(TableEntity e, String name, Object value) {
    if (value != null) {
      e.addProperty(name, value);
    }
  }

  private static String string(TableEntity e, String name) {
    Object v = e.getProperty(name);
    return v == null ? null : v.toString();
  }

  private static OffsetDateTime dateTime(Instant i) {
    return i == null ? null : i.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
  }

  private static Instant instant(Object v) {
    if (v == null) {
      return null;
    }
    if (v instanceof OffsetDateTime t) {
      return t.toInstant();
    }
    return OffsetDateTime.parse(v.toString()).toInstant();
  }

  private static boolean isTableMissing(TableServiceException e) {
    return TableErrorCode.TABLE_NOT_FOUND.equals(errorCode(e));
  }

  private static TableErrorCode errorCode(TableServiceException e) {
    return e.getValue() == null ? null : e.getValue().getErrorCode();
  }

  private LedgerStorageException failure(String operation, String id, RuntimeException cause) {
    StringBuilder m =
        new StringBuilder("ledger table '").append(table.getTableName()).append("': ");
    m.append(operation);
    if (id != null) {
      m.append(" of ").append(id);
    }
    m.append(" failed");
    if (cause instanceof HttpResponseException h && h.getResponse() != null) {
      m.append(" (HTTP ").append(h.getResponse().getStatusCode());
      TableErrorCode code = h instanceof TableServiceException t ? errorCode(t) : null;
      if (code != null) {
        m.append(' ').append(code);
      }
      m.append(')');
    }
    m.append(": ").append(cause.getMessage());
    return new LedgerStorageException(m.toString(), cause);
  }
}
