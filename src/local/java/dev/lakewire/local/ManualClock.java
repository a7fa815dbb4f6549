package dev.lakewire.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that moves only when told to. The local cloud, the in-memory bus and the steps share one,
 * so re-checks, provisioning delays and Retry-After windows take no wall time in tests and a
 * time-scaled demo. Thread-safe.
 */
public final class ManualClock extends Clock {

  private final AtomicReference<Instant> now;
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  public ManualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  /** A clock at 2026-01-01T00:00:00Z. */
  public static ManualClock atEpochOfDemo() {
    return new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  /** Moves time forward. */
  public void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + d);
    }
    now.updateAndGet(t -> t.plus(d));
    moved();
  }

  /** Moves time forward to {@code t}; does nothing when {@code t} is not after now. */
  public void advanceTo(Instant t) {
    now.updateAndGet(cur -> t.isAfter(cur) ? t : cur);
    moved();
  }

  /** Runs {@code listener} after every move of the clock (the bus wakes its workers so). */
  public void addListener(Runnable listener) {
    listeners.add(listener);
  }

  public void removeListener(Runnable listener) {
    listeners.remove(listener);
  }

  private void moved() {
    listeners.forEach(Runnable::run);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    if (ZoneOffset.UTC.equals(zone)) {
      return this;
    }
    throw new UnsupportedOperationException("ManualClock is UTC only");
  }
}
