package dev.lakewire.ports;

import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * A thing lakewire manages in a cloud, in the shape of java-operator-sdk's {@code
 * AbstractDependentResource}: what lakewire wants ({@code D}, the desired state) is compared with
 * what the cloud has ({@code A}, the actual state) and only the difference is written. {@link
 * Reconciler} runs the loop (observe, compare, act) the same way for every thing; an implementation
 * only says how to observe ({@link #fetch}), compare ({@link #match}) and act ({@link #create},
 * {@link #update}, {@link #delete}). An act a thing does not allow keeps its default, which
 * refuses.
 *
 * @param <D> the desired state: also names the thing (its id or name)
 * @param <A> the actual state, as the cloud shows it
 */
public interface Managed<D, A> {

  /**
   * What the thing is, for messages: {@code "role assignment <name> on <scope>"}; by default what a
   * {@link Desired} says.
   */
  default String describe(D desired) {
    return desired(desired).describe();
  }

  /** Observe: the thing {@code desired} names as the cloud has it, or empty when absent (404). */
  Optional<A> fetch(D desired);

  /**
   * Compare: whether {@code actual} is what lakewire wants, has drifted from it, or is another's;
   * by default what a {@link Desired} says.
   */
  default Match match(D desired, A actual) {
    return desired(desired).match(actual);
  }

  /** {@code desired} as the {@link Desired} it must be when describe or match is not given. */
  @SuppressWarnings("unchecked")
  private Desired<A> desired(D desired) {
    if (desired instanceof Desired<?> d) {
      return (Desired<A>) d;
    }
    throw new UnsupportedOperationException(
        getClass().getName() + " must describe and match " + desired.getClass().getName());
  }

  /**
   * Create it. A cloud that answers that it exists (409, {@code RESOURCE_ALREADY_EXISTS}: another
   * delivery got there first) throws {@link AlreadyExists}, which the loop compares like a fetch.
   */
  default A create(D desired) {
    throw new UnsupportedOperationException(describe(desired) + ": lakewire does not create it");
  }

  /** Correct a drift that {@link Match.Drifted#correctable()} allows, keeping what is not ours. */
  default A update(D desired, A actual) {
    throw new UnsupportedOperationException(describe(desired) + ": lakewire does not update it");
  }

  /** Delete it; false when the cloud says it is gone already (404, 204). */
  default boolean delete(D desired, A actual) {
    throw new UnsupportedOperationException(describe(desired) + ": lakewire does not delete it");
  }

  /**
   * A view of {@code thing} that observes and compares as it does and deletes with {@code delete}
   * (false: gone already), and cannot create or update: what a deletion port hands out, so that
   * whoever holds it can change nothing else.
   */
  static <D, A> Managed<D, A> deletedBy(Managed<D, A> thing, BiPredicate<D, A> delete) {
    return new Managed<>() {
      @Override
      public String describe(D desired) {
        return thing.describe(desired);
      }

      @Override
      public Optional<A> fetch(D desired) {
        return thing.fetch(desired);
      }

      @Override
      public Match match(D desired, A actual) {
        return thing.match(desired, actual);
      }

      @Override
      public boolean delete(D expected, A actual) {
        return delete.test(expected, actual);
      }
    };
  }

  /**
   * A create answered "it exists". Carries what exists when the answer shows it (an ARM PUT that
   * answers 200 with the body, a 409 {@code RoleAssignmentExists} that names the same grant), else
   * null: the loop fetches it.
   */
  final class AlreadyExists extends RuntimeException {
    private final transient Object actual;

    public AlreadyExists(String message, Object actual, Throwable cause) {
      super(message, cause);
      this.actual = actual;
    }

    /** What exists, when the create's answer showed it; null otherwise. */
    public Object actual() {
      return actual;
    }
  }
}
