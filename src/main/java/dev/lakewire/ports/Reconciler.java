package dev.lakewire.ports;

import java.util.Optional;

/**
 * The one reconcile loop of every managed thing ({@link Managed}): observe, compare, act. Two
 * deliveries of a step may race; each act copes with the other having acted first: a create
 * answered "already exists" compares what exists instead, a delete answered "not found" is {@link
 * Reconciled.Operation#ABSENT}.
 *
 * <p>Comparison decides: {@link Match.Matches} → nothing; {@link Match.Drifted} that lakewire may
 * correct → {@link Managed#update}; any other drift, or {@link Match.Foreign} → {@link
 * CloudFailure.Permanent} naming what differs (lakewire never adopts or overwrites another's).
 */
public final class Reconciler {

  private Reconciler() {}

  /** Observe, compare, then create, correct or leave it: the thing ends as {@code desired}. */
  public static <D, A> Reconciled<A> reconcile(Managed<D, A> managed, D desired) {
    return reconcile(managed, desired, managed.fetch(desired));
  }

  /**
   * The loop for a caller that has observed already ({@code observed}, as {@link Managed#fetch}
   * answered it): absent → create, present → compare and act. Between the look and the create the
   * caller may do what creating needs first.
   */
  public static <D, A> Reconciled<A> reconcile(
      Managed<D, A> managed, D desired, Optional<A> observed) {
    return observed.isEmpty() ? create(managed, desired) : settle(managed, desired, observed.get());
  }

  /**
   * Create first, observe only when the cloud says it exists: for a thing whose create is
   * idempotent and cheaper than a read before it (an ARM role assignment PUT, issue 11).
   */
  public static <D, A> Reconciled<A> createFirst(Managed<D, A> managed, D desired) {
    return create(managed, desired);
  }

  /**
   * The same loop towards absence: observe; absent → {@link Reconciled.Operation#ABSENT};
   * lakewire's (matching, or drifted in what lakewire may correct) → delete; anything else → {@link
   * Reconciled.Operation#KEPT}, untouched.
   */
  public static <D, A> Reconciled<A> delete(Managed<D, A> managed, D expected) {
    return delete(managed, expected, managed.fetch(expected));
  }

  /** {@link #delete(Managed, Object)} for a caller that has observed already ({@code actual}). */
  public static <D, A> Reconciled<A> delete(Managed<D, A> managed, D expected, Optional<A> actual) {
    if (actual.isEmpty()) {
      return new Reconciled<>(Reconciled.Operation.ABSENT, null, null);
    }
    Match match = managed.match(expected, actual.get());
    boolean ours =
        match instanceof Match.Matches || match instanceof Match.Drifted d && d.correctable();
    if (!ours) {
      return new Reconciled<>(Reconciled.Operation.KEPT, actual.get(), match);
    }
    boolean deleted = managed.delete(expected, actual.get());
    return new Reconciled<>(
        deleted ? Reconciled.Operation.DELETED : Reconciled.Operation.ABSENT,
        deleted ? actual.get() : null,
        match);
  }

  private static <D, A> Reconciled<A> create(Managed<D, A> managed, D desired) {
    A existing;
    try {
      return new Reconciled<>(Reconciled.Operation.CREATED, managed.create(desired), null);
    } catch (Managed.AlreadyExists raced) {
      @SuppressWarnings("unchecked")
      A shown = (A) raced.actual();
      existing = shown != null ? shown : managed.fetch(desired).orElse(null);
      if (existing == null) {
        throw new CloudFailure.Transient(
            managed.describe(desired)
                + " already exists, says the cloud, but cannot be read yet: "
                + raced.getMessage(),
            raced);
      }
    }
    return settle(managed, desired, existing);
  }

  private static <D, A> Reconciled<A> settle(Managed<D, A> managed, D desired, A actual) {
    Match match = managed.match(desired, actual);
    if (match instanceof Match.Matches) {
      return new Reconciled<>(Reconciled.Operation.UNCHANGED, actual, match);
    }
    if (match instanceof Match.Drifted drifted && drifted.correctable()) {
      return new Reconciled<>(Reconciled.Operation.UPDATED, managed.update(desired, actual), match);
    }
    throw new CloudFailure.Permanent(refusal(managed.describe(desired), match), null);
  }

  /** Why lakewire leaves {@code what} alone: the sentence of a failure or a kept deletion. */
  public static String refusal(String what, Match match) {
    if (match instanceof Match.Foreign foreign) {
      return what + " " + foreign.why() + "; lakewire never adopts or overwrites it";
    }
    return what
        + " exists but differs where lakewire must not overwrite it: "
        + match
        + "; delete or rename it, or change lakewire's settings";
  }
}
