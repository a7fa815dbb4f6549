package dev.lakewire.ports;

import java.util.List;

/**
 * Event Grid deliveries of Azure Resource Manager's system events (a subscription's system topic):
 * one event or an array, in the Event Grid schema or CloudEvents 1.0, read into {@link
 * ResourceEvent}s. In Azure: azure-messaging-eventgrid's {@code EventGridEvent}, azure-core's
 * {@code CloudEvent} and the Resources system-event data classes.
 */
public interface ResourceEvents {

  /** Event Grid delivers at most 5,000 events per batch; more is not Event Grid. */
  int MAX_EVENTS = 5000;

  /**
   * Reads every event of a delivery, each on its own: an event that cannot be read is returned with
   * its {@link ResourceEvent#problem()}, the others are read all the same.
   *
   * @throws UnreadableDelivery when the body as a whole is not a delivery (not JSON, neither an
   *     event nor an array of events, more than {@value #MAX_EVENTS} events)
   */
  List<ResourceEvent> read(String body);

  /** A body that is not an Event Grid delivery at all. */
  final class UnreadableDelivery extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnreadableDelivery(String reason) {
      super(reason);
    }
  }
}
