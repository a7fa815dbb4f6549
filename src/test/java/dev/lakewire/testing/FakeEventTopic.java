package dev.lakewire.testing;

import dev.lakewire.ports.EventTopic;
import dev.lakewire.ports.TopicEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link EventTopic} in memory: keeps what was published; can refuse the next publications. */
public final class FakeEventTopic implements EventTopic {

  private final List<TopicEvent> published = new ArrayList<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  @Override
  public void publish(TopicEvent event) {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      refused.incrementAndGet();
      throw new IllegalStateException("topic unavailable (injected): " + event.type());
    }
    synchronized (published) {
      published.add(event);
    }
  }

  /** The next {@code n} publications fail (as a 503 after the SDK's retries would). */
  public void failNext(int n) {
    failures.set(n);
  }

  /** Every event accepted so far, in order. */
  public List<TopicEvent> published() {
    synchronized (published) {
      return List.copyOf(published);
    }
  }

  /** How many publications were refused. */
  public int refused() {
    return refused.get();
  }
}
