package dev.lakewire.ports;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event for the {@link EventTopic}: the CloudEvents attributes lakewire sets, and its data.
 *
 * @param id the CloudEvents {@code id}: deterministic, the same for every publication of the same
 *     outcome
 * @param type the CloudEvents {@code type}, e.g. {@code Lakewire.WorkspaceOnboarded}
 * @param subject the CloudEvents {@code subject}: the workspace's ARM id
 * @param time when the outcome was recorded (the ledger's time of the transition)
 * @param data the event data (a JSON object: string, number, boolean and list values), in order
 */
public record TopicEvent(
    String id, String type, String subject, Instant time, Map<String, Object> data) {

  /** The CloudEvents {@code source} of every lakewire event. */
  public static final String SOURCE = "/lakewire";

  public TopicEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    data = Collections.unmodifiableMap(new LinkedHashMap<>(data == null ? Map.of() : data));
  }
}
