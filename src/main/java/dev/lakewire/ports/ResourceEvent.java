package dev.lakewire.ports;

/**
 * One event of a delivery, as far as it could be read.
 *
 * @param id the event's id, or null
 * @param type the event type ({@code eventType} or CloudEvents {@code type}), or null
 * @param cloudEvent whether it came in the CloudEvents schema
 * @param subject the event's subject, or null
 * @param data the Resources event data ({@code Microsoft.Resources.*} events only), or null
 * @param problem why the event cannot be read at all (it is rejected), or null
 * @param dataProblem why its data cannot be read (it matters only for a type lakewire acts on), or
 *     null
 */
public record ResourceEvent(
    String id,
    String type,
    boolean cloudEvent,
    String subject,
    Data data,
    String problem,
    String dataProblem) {

  /**
   * The fields lakewire reads of a Resources event's data ({@code ResourceWriteSuccessEventData},
   * {@code ResourceDeleteSuccessEventData}, …).
   *
   * @param operationName e.g. {@code Microsoft.Databricks/workspaces/write}, or null
   * @param resourceUri the ARM id of the resource, or null
   * @param correlationId ARM's correlation id of the operation, or null
   * @param status the operation's status, or null
   */
  public record Data(
      String operationName, String resourceUri, String correlationId, String status) {}

  /** An event that cannot be read. */
  public static ResourceEvent unreadable(String id, boolean cloudEvent, String problem) {
    return new ResourceEvent(id, null, cloudEvent, null, null, problem, null);
  }
}
