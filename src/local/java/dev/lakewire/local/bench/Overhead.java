package dev.lakewire.local.bench;

import dev.lakewire.local.EventSamples;
import dev.lakewire.testing.TestWorld;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * lakewire's own time per step message: the production function classes, worker, steps and ledger
 * on in-memory ports that answer at once (the test world's fake cloud), on the in-memory bus.
 */
public final class Overhead {

  /** Nanoseconds per delivered step message. */
  public record Result(int warmup, int measured, long p50Nanos, long p99Nanos, long maxNanos) {}

  private Overhead() {}

  public static Result measure(int messages) {
    Logger.getLogger("").setLevel(Level.SEVERE);
    Logger.getLogger("dev.lakewire").setLevel(Level.SEVERE);
    long[] warm = run(messages);
    long[] timed = run(messages);
    Arrays.sort(timed);
    return new Result(
        warm.length,
        timed.length,
        timed[timed.length / 2],
        timed[(int) Math.min(timed.length - 1, Math.ceil(timed.length * 0.99) - 1)],
        timed[timed.length - 1]);
  }

  /** About {@code messages} step messages (three per workspace); their handling times. */
  private static long[] run(int messages) {
    TestWorld w = new TestWorld();
    int workspaces = Math.max(1, messages / 3);
    List<com.fasterxml.jackson.databind.JsonNode> events = new ArrayList<>();
    for (int i = 0; i < workspaces; i++) {
      String id = TestWorld.workspaceId("ws-" + i);
      w.cloud.addWorkspace(id, "westeurope", "Succeeded");
      events.add(EventSamples.workspaceWrite(EventSamples.Schema.EVENT_GRID, id, "e" + i, "c" + i));
      if (events.size() == 10) {
        w.host.deliverEvent(EventSamples.delivery(events));
        events.clear();
      }
    }
    if (!events.isEmpty()) {
      w.host.deliverEvent(EventSamples.delivery(events));
    }
    long[] times = new long[workspaces * 6];
    int n = 0;
    while (n < times.length) {
      long t0 = System.nanoTime();
      boolean delivered = w.bus.deliverNext();
      long t = System.nanoTime() - t0;
      if (!delivered) {
        var next = w.bus.nextScheduled();
        if (next.isEmpty()) {
          break;
        }
        w.clock.advanceTo(next.get());
        continue;
      }
      times[n++] = t;
    }
    return Arrays.copyOf(times, n);
  }
}
