package dev.lakewire.onboarding.message;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The steps of lakewire's chains. Each runs from its own queue; each belongs to one {@link Chain},
 * which gives the order (declaration order here does not).
 */
public enum Step {
  CREATE_ACCESS_CONNECTOR,
  ASSIGN_STORAGE_ROLES,
  BIND_METASTORE,
  /** Offboarding 1: the connector principal's storage role assignments go. */
  REMOVE_STORAGE_ROLES,
  /** Offboarding 2: the workspace's own Unity Catalog objects, where the policy allows. */
  REMOVE_CATALOG_OBJECTS,
  /** Offboarding 3: lakewire's Contributor on the connector, then the connector. */
  REMOVE_ACCESS_CONNECTOR;

  /** A chain of steps, each with its own order. */
  public enum Chain {
    /** A new (or reprocessed) workspace is wired into the lake. */
    ONBOARDING(CREATE_ACCESS_CONNECTOR, ASSIGN_STORAGE_ROLES, BIND_METASTORE),
    /**
     * A deleted (or released) workspace: what lakewire created for it goes, roles before the
     * connector (while its principal still exists).
     */
    OFFBOARDING(REMOVE_STORAGE_ROLES, REMOVE_CATALOG_OBJECTS, REMOVE_ACCESS_CONNECTOR);

    private final List<Step> order;

    Chain(Step... order) {
      this.order = List.of(order);
    }

    /** The steps of this chain, in order. */
    public List<Step> steps() {
      return order;
    }

    /** The first step. */
    public Step first() {
      return order.get(0);
    }
  }

  /** The chain this step belongs to. */
  public Chain chain() {
    return Chain.OFFBOARDING.order.contains(this) ? Chain.OFFBOARDING : Chain.ONBOARDING;
  }

  /** Where this step stands in its chain (0 for the first). */
  public int position() {
    return chain().order.indexOf(this);
  }

  /** The step after this one in its chain, or empty after the chain's last. */
  public Optional<Step> next() {
    List<Step> order = chain().order;
    int i = order.indexOf(this) + 1;
    return i < order.size() ? Optional.of(order.get(i)) : Optional.empty();
  }

  /** Whether this step undoes what onboarding did (is of the {@link Chain#OFFBOARDING} chain). */
  public boolean offboarding() {
    return chain() == Chain.OFFBOARDING;
  }

  /**
   * Parses a step name leniently: case-insensitive, dashes or underscores ({@code bind-metastore}
   * and {@code BIND_METASTORE} are the same step).
   *
   * @throws InvalidInputException naming {@code field} when it is no step
   */
  public static Step parse(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(field, "is required");
    }
    String normal = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (Step s : values()) {
      if (s.name().equals(normal)) {
        return s;
      }
    }
    throw new InvalidInputException(
        field, "'" + value + "' is not a step; expected one of " + java.util.List.of(values()));
  }

  /** The step of that name (as {@link #parse} reads it), or empty when it is none. */
  public static Optional<Step> find(String value) {
    try {
      return Optional.of(parse("step", value));
    } catch (InvalidInputException notAStep) {
      return Optional.empty();
    }
  }
}
