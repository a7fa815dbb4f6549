package dev.lakewire.azure;

import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the untyped {@code properties} of a generic ARM resource. */
final class GenericProperties {

  private GenericProperties() {}

  /** The properties as a map (empty when absent or not an object). */
  static Map<String, Object> of(GenericResourceInner r) {
    Object p = r.properties();
    if (p instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), v));
      return out;
    }
    return Map.of();
  }

  /** A property as text (numbers too, e.g. a numeric workspaceId), or null. */
  static String text(Map<String, Object> props, String name) {
    Object v = props.get(name);
    if (v == null) {
      return null;
    }
    if (v instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
      return Long.toString(d.longValue());
    }
    String s = String.valueOf(v);
    return s.isBlank() ? null : s;
  }
}
