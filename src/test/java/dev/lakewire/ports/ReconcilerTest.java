package dev.lakewire.ports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lakewire.ports.Reconciled.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one reconcile loop, on a thing whose name maps to a colour and an owner. */
class ReconcilerTest {

  /** Desired and actual: a name, a colour lakewire may correct, a size it must not, an owner. */
  record Thing(String name, String colour, String size, String owner) {}

  /** A cloud of things; {@code racer} is what another delivery creates just before our create. */
  static final class Things implements Managed<Thing, Thing> {
    final Map<String, Thing> cloud = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    Thing racer;
    boolean goneBeforeDelete;

    @Override
    public String describe(Thing desired) {
      return "thing " + desired.name();
    }

    @Override
    public Optional<Thing> fetch(Thing desired) {
      calls.add("GET");
      return Optional.ofNullable(cloud.get(desired.name()));
    }

    @Override
    public Match match(Thing desired, Thing actual) {
      if (!actual.owner().equals("lakewire")) {
        return new Match.Foreign("belongs to " + actual.owner());
      }
      return new Match.Differences()
          .ignoringCase("colour", desired.colour(), actual.colour(), true)
          .ignoringCase("size", desired.size(), actual.size(), false)
          .result();
    }

    @Override
    public Thing create(Thing desired) {
      calls.add("POST");
      if (racer != null) {
        cloud.put(racer.name(), racer);
        throw new Managed.AlreadyExists("409 already exists", null, null);
      }
      cloud.put(desired.name(), desired);
      return desired;
    }

    @Override
    public Thing update(Thing desired, Thing actual) {
      calls.add("PUT");
      Thing corrected = new Thing(actual.name(), desired.colour(), actual.size(), actual.owner());
      cloud.put(actual.name(), corrected);
      return corrected;
    }

    @Override
    public boolean delete(Thing expected, Thing actual) {
      calls.add("DELETE");
      return !goneBeforeDelete && cloud.remove(expected.name()) != null;
    }
  }

  private final Things things = new Things();
  private final Thing wanted = new Thing("t", "blue", "small", "lakewire");

  @Test
  void createsAnAbsentThing() {
    Reconciled<Thing> r = Reconciler.reconcile(things, wanted);

    assertThat(r.operation()).isEqualTo(Operation.CREATED);
    assertThat(things.cloud).containsEntry("t", wanted);
    assertThat(things.calls).containsExactly("GET", "POST");
  }

  @Test
  void leavesAMatchingThingUnchangedWithoutWriting() {
    things.cloud.put("t", new Thing("t", "BLUE", "small", "lakewire"));

    assertThat(Reconciler.reconcile(things, wanted).operation()).isEqualTo(Operation.UNCHANGED);
    assertThat(things.calls).containsExactly("GET");
  }

  @Test
  void writesBackADriftLakewireMayCorrectAndKeepsTheRest() {
    things.cloud.put("t", new Thing("t", "red", "small", "lakewire"));

    Reconciled<Thing> r = Reconciler.reconcile(things, wanted);

    assertThat(r.operation()).isEqualTo(Operation.UPDATED);
    assertThat(r.resource().colour()).isEqualTo("blue");
    assertThat(r.match().toString()).contains("colour is 'red', lakewire wants 'blue'");
  }

  @Test
  void aDriftLakewireMustNotOverwriteIsAPermanentFailureNamingBothValues() {
    things.cloud.put("t", new Thing("t", "red", "large", "lakewire"));

    assertThatThrownBy(() -> Reconciler.reconcile(things, wanted))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("thing t")
        .hasMessageContaining("size is 'large', lakewire wants 'small'");
    assertThat(things.calls).containsExactly("GET");
  }

  @Test
  void anotherOwnersThingIsNeverAdopted() {
    things.cloud.put("t", new Thing("t", "blue", "small", "someone"));

    assertThatThrownBy(() -> Reconciler.reconcile(things, wanted))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessage("thing t belongs to someone; lakewire never adopts or overwrites it");
    assertThat(things.cloud.get("t").owner()).isEqualTo("someone");
  }

  @Test
  void aCreateThatRacedAnotherDeliveryReadsAndComparesWhatItMade() {
    things.racer = wanted;

    Reconciled<Thing> r = Reconciler.reconcile(things, wanted);

    assertThat(r.operation()).isEqualTo(Operation.UNCHANGED);
    assertThat(things.calls).containsExactly("GET", "POST", "GET");
  }

  @Test
  void aCreateThatRacedSomeoneElsesIsRefused() {
    things.racer = new Thing("t", "blue", "small", "someone");

    assertThatThrownBy(() -> Reconciler.createFirst(things, wanted))
        .isInstanceOf(CloudFailure.Permanent.class)
        .hasMessageContaining("belongs to someone");
  }

  @Test
  void aCreateFirstReadsNothingWhenTheCreateAnswersWhatExists() {
    Managed<Thing, Thing> shows =
        new Managed<>() {
          @Override
          public String describe(Thing desired) {
            return things.describe(desired);
          }

          @Override
          public Optional<Thing> fetch(Thing desired) {
            throw new AssertionError("no read: the create showed what exists");
          }

          @Override
          public Match match(Thing desired, Thing actual) {
            return things.match(desired, actual);
          }

          @Override
          public Thing create(Thing desired) {
            throw new Managed.AlreadyExists("200", desired, null);
          }
        };

    assertThat(Reconciler.createFirst(shows, wanted).operation()).isEqualTo(Operation.UNCHANGED);
  }

  @Test
  void deletingAnAbsentThingIsAbsentWithoutADelete() {
    assertThat(Reconciler.delete(things, wanted).operation()).isEqualTo(Operation.ABSENT);
    assertThat(things.calls).containsExactly("GET");
  }

  @Test
  void deletesLakewiresThingEvenWithADriftItWouldCorrect() {
    things.cloud.put("t", new Thing("t", "red", "small", "lakewire"));

    assertThat(Reconciler.delete(things, wanted).operation()).isEqualTo(Operation.DELETED);
    assertThat(things.cloud).isEmpty();
  }

  @Test
  void aDeleteThatFindsItGoneAlreadyCountsAsAbsent() {
    things.cloud.put("t", wanted);
    things.goneBeforeDelete = true;

    assertThat(Reconciler.delete(things, wanted).operation()).isEqualTo(Operation.ABSENT);
  }

  @Test
  void keepsAThingThatIsNotLakewiresAsItMadeIt() {
    things.cloud.put("t", new Thing("t", "blue", "large", "lakewire"));

    Reconciled<Thing> kept = Reconciler.delete(things, wanted);

    assertThat(kept).extracting(Reconciled::operation).isEqualTo(Operation.KEPT);
    assertThat(kept.match()).hasToString("size is 'large', lakewire wants 'small'");
    assertThat(things.cloud).containsKey("t");
    assertThat(things.calls).containsExactly("GET");
  }
}
