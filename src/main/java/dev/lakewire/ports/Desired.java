package dev.lakewire.ports;

/**
 * A desired state that names itself and compares an actual one: a {@link Managed} thing whose
 * desired state is one needs only observe and act ({@link Managed#describe} and {@link
 * Managed#match} come from here).
 *
 * @param <A> the actual state it compares
 */
public interface Desired<A> {

  /** What the thing is, for messages: {@code "role assignment <name> on <scope>"}. */
  String describe();

  /** Compare: whether {@code actual} is this, has drifted from it, or is another's. */
  Match match(A actual);
}
