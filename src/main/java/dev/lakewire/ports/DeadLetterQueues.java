package dev.lakewire.ports;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * The dead-letter sub-queues of the step queues. The Azure implementation receives from {@code
 * <queue>/$DeadLetterQueue} with a {@code ServiceBusReceiverClient} and re-sends to the queue.
 */
public interface DeadLetterQueues {

  /**
   * A dead-lettered message moved back to its queue.
   *
   * @param messageId the dead-lettered message's id
   * @param newMessageId the id it was re-sent with (new, so duplicate detection lets it through)
   * @param workspaceResourceId the workspace it is about (application property), or null
   * @param deadLetterReason why it had been dead-lettered
   */
  record Moved(
      String messageId, String newMessageId, String workspaceResourceId, String deadLetterReason) {}

  /**
   * Moves dead-lettered messages of a step's queue back to the queue.
   *
   * @param queueStep the step name (selects the queue)
   * @param workspaceResourceId only this workspace's messages (compared case-insensitively), or all
   *     when empty; the others stay in the dead-letter queue
   * @param max at most this many
   * @param rewriteBody what the re-sent message's body is, given the dead-lettered one's (the
   *     domain resets the run's re-check budget this way)
   */
  default List<Moved> replay(
      String queueStep,
      Optional<String> workspaceResourceId,
      int max,
      UnaryOperator<String> rewriteBody) {
    return replay(
        queueStep,
        ws -> workspaceResourceId.isEmpty() || workspaceResourceId.get().equalsIgnoreCase(ws),
        max,
        rewriteBody);
  }

  /**
   * Moves the dead-lettered messages of a step's queue whose workspace (the message's workspace
   * application property, null when it has none) {@code wanted} accepts back to the queue; the
   * others stay in the dead-letter queue.
   *
   * @param queueStep the step name (selects the queue)
   * @param wanted which workspaces' messages to move
   * @param max at most this many
   * @param rewriteBody what the re-sent message's body is, given the dead-lettered one's
   */
  List<Moved> replay(
      String queueStep, Predicate<String> wanted, int max, UnaryOperator<String> rewriteBody);
}
