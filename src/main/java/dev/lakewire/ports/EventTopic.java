package dev.lakewire.ports;

/**
 * The Event Grid custom topic lakewire publishes its outcomes to, as CloudEvents 1.0 ({@code
 * Lakewire.WorkspaceOnboarded}, {@code Lakewire.OnboardingFailed}, {@code
 * Lakewire.WorkspaceOffboarded}). In Azure: {@code EventGridPublisherClient} with the Function
 * App's managed identity ("EventGrid Data Sender" on the topic).
 */
public interface EventTopic {

  /**
   * Publishes one event. Event Grid is at-least-once towards subscribers: they tell repeats by the
   * event's {@code id}, which lakewire makes deterministic.
   *
   * @throws RuntimeException when the topic did not accept the event (it may not be assumed
   *     published)
   */
  void publish(TopicEvent event);

  /** Whether events go anywhere: false when no topic is configured. */
  default boolean enabled() {
    return true;
  }

  /** No topic configured: nothing is published. */
  EventTopic NONE =
      new EventTopic() {
        @Override
        public void publish(TopicEvent event) {}

        @Override
        public boolean enabled() {
          return false;
        }
      };
}
