package dev.lakewire.local.demo;

import dev.lakewire.ports.OnboardingLedger;
import dev.lakewire.ports.OnboardingRecord;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A ledger that prints one timeline line per step transition of a workspace (status or step
 * change), with wall time since the start and cloud (virtual) time, then stores the record. Writes
 * are serialised here so that the line printed for a write compares it with the record it really
 * replaced, whatever the number of workers writing at once; a write that loses its version check
 * prints nothing.
 */
public final class TimelineLedger implements OnboardingLedger {

  private final OnboardingLedger delegate;
  private final PrintStream out;
  private final Clock cloudClock;
  private final Instant cloudStart;
  private final long wallStart;
  private final Function<String, String> shortName;
  private final boolean enabled;

  public TimelineLedger(
      OnboardingLedger delegate,
      PrintStream out,
      Clock cloudClock,
      long wallStartNanos,
      Function<String, String> shortName,
      boolean enabled) {
    this.delegate = delegate;
    this.out = out;
    this.cloudClock = cloudClock;
    this.cloudStart = cloudClock.instant();
    this.wallStart = wallStartNanos;
    this.shortName = shortName;
    this.enabled = enabled;
  }

  @Override
  public Optional<Versioned> read(String workspaceResourceId) {
    return delegate.read(workspaceResourceId);
  }

  @Override
  public synchronized boolean insert(OnboardingRecord record) {
    boolean written = delegate.insert(record);
    if (written) {
      print(Optional.empty(), record);
    }
    return written;
  }

  @Override
  public synchronized boolean replace(OnboardingRecord record, String etag) {
    Optional<OnboardingRecord> before = delegate.find(record.workspaceResourceId());
    boolean written = delegate.replace(record, etag);
    if (written) {
      print(before, record);
    }
    return written;
  }

  @Override
  public synchronized void save(OnboardingRecord record) {
    Optional<OnboardingRecord> before = delegate.find(record.workspaceResourceId());
    delegate.save(record);
    print(before, record);
  }

  private void print(Optional<OnboardingRecord> before, OnboardingRecord record) {
    if (!enabled) {
      return;
    }
    boolean changed =
        before.isEmpty()
            || before.get().status() != record.status()
            || !Objects.equals(before.get().step(), record.step())
            || !Objects.equals(before.get().lastError(), record.lastError());
    if (changed) {
      out.println(line(before.orElse(null), record));
    }
  }

  /** Prints a line about a workspace that is not a ledger transition (e.g. what a step did). */
  synchronized void note(String workspaceResourceId, String what) {
    if (enabled) {
      out.println(format(workspaceResourceId, what));
    }
  }

  @Override
  public List<OnboardingRecord> list() {
    return delegate.list();
  }

  @Override
  public Page page(int top, String continuation, OnboardingRecord.Status status) {
    return delegate.page(top, continuation, status);
  }

  private String line(OnboardingRecord before, OnboardingRecord now) {
    double wall = (System.nanoTime() - wallStart) / 1e9;
    Duration cloud = Duration.between(cloudStart, cloudClock.instant());
    String what =
        switch (now.status()) {
          case PENDING -> "queued at " + now.step();
          case IN_PROGRESS ->
              before != null
                      && before.status() == OnboardingRecord.Status.IN_PROGRESS
                      && !Objects.equals(before.step(), now.step())
                  ? before.step() + " done → " + now.step()
                  : now.step() + " running (try " + now.attempts() + ")";
          case WAITING -> now.step() + " waiting: " + brief(now.lastError());
          case COMPLETED -> "COMPLETED";
          case FAILED -> now.step() + " FAILED: " + brief(now.lastError());
          case OFFBOARDING -> offboarding(before, now);
          case OFFBOARDED -> "OFFBOARDED";
          case SKIPPED -> "SKIPPED: " + brief(now.lastError());
        };
    return String.format(
        "[%7.3fs | cloud %s] %-18s %s",
        wall, clock(cloud), shortName.apply(now.workspaceResourceId()), what);
  }

  /** An offboarding transition: queued, a step done, a step running or waiting. */
  private static String offboarding(OnboardingRecord before, OnboardingRecord now) {
    boolean wasOffboarding =
        before != null && before.status() == OnboardingRecord.Status.OFFBOARDING;
    if (!wasOffboarding) {
      return "offboarding queued at " + now.step();
    }
    if (!Objects.equals(before.step(), now.step())) {
      return before.step() + " done → " + now.step();
    }
    return now.lastError() != null
        ? now.step() + " waiting: " + brief(now.lastError())
        : now.step() + " running (try " + now.attempts() + ")";
  }

  private String format(String workspaceResourceId, String what) {
    double wall = (System.nanoTime() - wallStart) / 1e9;
    Duration cloud = Duration.between(cloudStart, cloudClock.instant());
    return String.format(
        "[%7.3fs | cloud %s] %-18s %s",
        wall, clock(cloud), shortName.apply(workspaceResourceId), brief(what));
  }

  /** The first sentence of a reason, at most 140 characters. */
  private static String brief(String reason) {
    if (reason == null) {
      return "";
    }
    // ARM ids make lines unreadable: keep their last segment.
    String r = reason.replaceAll("/subscriptions/[^\\s:]+/([^/\\s:]+)", "…/$1");
    int paren = r.indexOf(" (");
    if (paren > 40) {
      r = r.substring(0, paren);
    }
    return r.length() <= 140 ? r : r.substring(0, 139) + "…";
  }

  private static String clock(Duration d) {
    long s = d.getSeconds();
    return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
  }
}
