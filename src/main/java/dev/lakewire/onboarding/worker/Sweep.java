package dev.lakewire.onboarding.worker;

import dev.lakewire.onboarding.message.InvalidInputException;
import dev.lakewire.onboarding.message.Step;
import dev.lakewire.onboarding.message.WorkspaceRef;
import dev.lakewire.onboarding.policy.OnboardingPolicy;
import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import dev.lakewire.ports.Workspace;
import dev.lakewire.ports.Workspaces;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The sweep over every workspace that exists: lists the Databricks workspaces of the subscriptions
 * and starts a new run for each one that needs it. The steps are reconcilers, so a new run of a
 * wired workspace writes only what is missing (a role assignment someone removed); the backfill of
 * workspaces that existed before lakewire, a lost event and drift are all repaired by the same
 * sweep. Used by the drift-repair timer function and by {@code lakewire backfill}.
 *
 * <p>Which workspaces get a run:
 *
 * <ul>
 *   <li>no ledger record, or {@code FAILED}: always (the backfill of the unwired);
 *   <li>{@code COMPLETED} or {@code SKIPPED} (by its tags): only when {@link Mode#ALL} (drift
 *       repair re-reconciles them; a skipped one's run writes nothing, or wires it once the tag is
 *       gone);
 *   <li>a run in progress ({@code PENDING}, {@code IN_PROGRESS}, {@code WAITING}): not while its
 *       record moves (that run reconciles it already); once it has not moved for {@link #STALLED}
 *       (a lost message), a new run;
 *   <li>a workspace ARM reports {@code Failed}, {@code Deleting}, {@code Deleted} or {@code
 *       Canceled}: never (nothing to wire).
 * </ul>
 *
 * <p>Throttle-aware: the kickoffs are scheduled messages {@code spacing} apart (the first at once),
 * so a sweep of hundreds of workspaces reaches ARM as a steady trickle within its buckets rather
 * than a burst; the listing itself is one read per page (ARM's read bucket: 250 + 25/s).
 */
public final class Sweep {

  /**
   * Default time between two kickoffs: a run costs a workspace about 5 ARM writes (the connector,
   * its role assignments, lakewire's Contributor) spread over minutes, so one start every 2 s keeps
   * a sweep at a fraction of ARM's write refill (10/s per principal and subscription) and leaves
   * the rest to new workspaces' events.
   */
  public static final Duration DEFAULT_SPACING = Duration.ofSeconds(2);

  /**
   * A run in progress whose record has not moved for this long has stalled (a lost message): the
   * sweep starts a new one. Longer than any re-check back-off (minutes) and the re-check budget.
   */
  public static final Duration STALLED = Duration.ofHours(6);

  /** Which workspaces get a run. */
  public enum Mode {
    /** Only those not wired: no record, or a failed one. */
    UNWIRED,
    /** Every one not in a run already, completed ones too (drift repair). */
    ALL
  }

  /** What the sweep did with one workspace. */
  public enum Decision {
    STARTED,
    WIRED,
    IN_PROGRESS,
    UNUSABLE
  }

  /**
   * One workspace of the sweep.
   *
   * @param workspaceResourceId the workspace
   * @param decision what was done
   * @param reason why, in words
   * @param startsAt when its run's first step becomes visible, null when none was started
   */
  public record Item(
      String workspaceResourceId, Decision decision, String reason, Instant startsAt) {}

  /**
   * What a sweep did.
   *
   * @param subscriptions the subscriptions listed
   * @param items one per workspace found, in listing order
   */
  public record Result(List<String> subscriptions, List<Item> items) {
    public Result {
      subscriptions = List.copyOf(subscriptions);
      items = List.copyOf(items);
    }

    /** How many items had this decision. */
    public long count(Decision d) {
      return items.stream().filter(i -> i.decision() == d).count();
    }
  }

  private final Workspaces workspaces;
  private final OnboardingLedger ledger;
  private final OnboardingStarter starter;
  private final OnboardingPolicy policy;
  private final Clock clock;
  private final Supplier<String> ids;

  Sweep(
      Workspaces workspaces,
      OnboardingLedger ledger,
      OnboardingStarter starter,
      OnboardingPolicy policy,
      Clock clock,
      Supplier<String> ids) {
    this.workspaces = Objects.requireNonNull(workspaces, "workspaces");
    this.ledger = Objects.requireNonNull(ledger, "ledger");
    this.starter = Objects.requireNonNull(starter, "starter");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ids = Objects.requireNonNull(ids, "ids");
  }

  /**
   * The subscriptions a sweep covers when none are named: the allow-list ({@value
   * OnboardingPolicy#ALLOWED_SUBSCRIPTIONS}).
   *
   * @throws InvalidInputException naming {@value OnboardingPolicy#ALLOWED_SUBSCRIPTIONS} when it is
   *     empty (lakewire acts in every subscription then, but cannot list "every subscription")
   */
  public List<String> defaultSubscriptions() {
    if (policy.allowedSubscriptions().isEmpty()) {
      throw new InvalidInputException(
          OnboardingPolicy.ALLOWED_SUBSCRIPTIONS,
          "is empty (every subscription allowed), so the sweep does not know which subscriptions"
              + " to list; set it, or name the subscriptions");
    }
    return policy.allowedSubscriptions().stream().sorted().toList();
  }

  /** {@link #run(Collection, Mode, Duration, String, Consumer)} reporting nothing on the way. */
  public Result run(
      Collection<String> subscriptions, Mode mode, Duration spacing, String requestedBy) {
    return run(subscriptions, mode, spacing, requestedBy, item -> {});
  }

  /**
   * Sweeps the subscriptions (each must be allowed).
   *
   * @param subscriptions the subscriptions to list
   * @param mode which workspaces get a run
   * @param spacing time between two kickoffs (zero: all at once)
   * @param requestedBy who asked ({@code sweep}, {@code backfill}), carried in the messages
   * @param progress told of each workspace as it is decided
   * @throws InvalidInputException naming {@code subscription} when one is not a GUID or not allowed
   */
  public Result run(
      Collection<String> subscriptions,
      Mode mode,
      Duration spacing,
      String requestedBy,
      Consumer<Item> progress) {
    if (spacing.isNegative()) {
      throw new InvalidInputException("spacing", "must not be negative: " + spacing);
    }
    Set<String> subs = new LinkedHashSet<>();
    for (String s : subscriptions) {
      String sub = s == null ? "" : s.trim().toLowerCase(Locale.ROOT);
      if (!sub.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
        throw new InvalidInputException("subscription", "'" + s + "' is not a subscription id");
      }
      if (!policy.allows(sub)) {
        throw new InvalidInputException(
            "subscription", sub + " is not in " + OnboardingPolicy.ALLOWED_SUBSCRIPTIONS);
      }
      subs.add(sub);
    }
    List<Item> items = new ArrayList<>();
    Instant start = clock.instant();
    int started = 0;
    for (String sub : subs) {
      for (Workspace ws : workspaces.list(sub)) {
        Item item = decide(ws, mode);
        Optional<WorkspaceRef> parsed = parse(ws.id());
        if (item == null && parsed.isEmpty()) {
          item = new Item(ws.id(), Decision.UNUSABLE, "not a workspace id lakewire accepts", null);
        }
        if (item == null) {
          WorkspaceRef ref = parsed.get();
          // the first at once, the others spaced: scheduled messages, not a burst
          Instant at =
              started == 0 || spacing.isZero() ? null : start.plus(spacing.multipliedBy(started));
          starter.start(
              ref, Step.CREATE_ACCESS_CONNECTOR, requestedBy + "-" + ids.get(), requestedBy, at);
          item = new Item(ref.id(), Decision.STARTED, "run started", at == null ? start : at);
          started++;
        }
        items.add(item);
        progress.accept(item);
      }
    }
    return new Result(List.copyOf(subs), items);
  }

  /** The id as a workspace reference; empty when lakewire refuses it (one bad id ends nothing). */
  private static Optional<WorkspaceRef> parse(String id) {
    try {
      return Optional.of(WorkspaceRef.parse("workspaceResourceId", id));
    } catch (InvalidInputException e) {
      return Optional.empty();
    }
  }

  /** The item of a workspace that gets no run, or null when it gets one. */
  private Item decide(Workspace ws, Mode mode) {
    if (ws.terminallyUnusable()) {
      return new Item(ws.id(), Decision.UNUSABLE, "workspace is " + ws.provisioningState(), null);
    }
    Optional<OnboardingRecord> record = ledger.find(ws.id());
    if (record.isEmpty() || record.get().status() == OnboardingRecord.Status.FAILED) {
      return null;
    }
    return switch (record.get().status()) {
      case COMPLETED ->
          mode == Mode.ALL ? null : new Item(ws.id(), Decision.WIRED, "completed", null);
      // left alone by its tags: a new run writes nothing and sees a removed tag
      case SKIPPED ->
          mode == Mode.ALL ? null : new Item(ws.id(), Decision.WIRED, "skipped by its tags", null);
      default ->
          record.get().lastUpdated().isBefore(clock.instant().minus(STALLED))
              ? null
              : new Item(
                  ws.id(),
                  Decision.IN_PROGRESS,
                  "a run is " + record.get().status() + " at " + record.get().step(),
                  null);
    };
  }
}
