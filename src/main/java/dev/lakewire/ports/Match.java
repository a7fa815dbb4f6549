package dev.lakewire.ports;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What comparing a thing's desired and actual state found ({@link Managed#match}): it {@link
 * Matches}, it {@link Drifted} (what differs, and whether lakewire may correct it), or it is {@link
 * Foreign} (someone else's under lakewire's name: never adopted, never overwritten).
 */
public sealed interface Match {

  /** It is what lakewire wants. */
  Match MATCHES = new Matches();

  /** The actual state is the desired one. */
  record Matches() implements Match {}

  /** It is lakewire's, but differs: {@code differences}, none empty. */
  record Drifted(List<Difference> differences) implements Match {
    public Drifted {
      differences = List.copyOf(differences);
    }

    /** Whether lakewire may write every difference back ({@link Managed#update}). */
    public boolean correctable() {
      return differences.stream().allMatch(Difference::correctable);
    }

    @Override
    public String toString() {
      return differences.stream().map(Difference::toString).collect(Collectors.joining("; "));
    }
  }

  /** Someone else's: {@code why} names the owner or what shows it is not lakewire's. */
  record Foreign(String why) implements Match {
    @Override
    public String toString() {
      return why;
    }
  }

  /**
   * One difference.
   *
   * @param what the field ({@code "identity"}, {@code "tag lakewire:managed"})
   * @param desired the value lakewire wants
   * @param actual the value found
   * @param correctable whether lakewire may write it back (tags: yes; an identity: never)
   */
  record Difference(String what, String desired, String actual, boolean correctable) {
    @Override
    public String toString() {
      return what + " is " + printable(actual) + ", lakewire wants " + printable(desired);
    }
  }

  /**
   * A value as a message may show it: quoted, control characters escaped, at most 200 characters
   * (values come from the cloud, where anyone may have written them); {@code (none)} for null.
   */
  public static String printable(String s) {
    if (s == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .limit(200)
        .forEach(
            c -> {
              if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return "'" + out + (s.length() > 200 ? "…" : "") + "'";
  }

  /**
   * Someone else's thing under lakewire's name: {@code found} (what it is), its {@code owner}, and
   * what lakewire {@code wants} instead.
   */
  static Match notLakewires(String found, String owner, String wants) {
    return new Foreign(
        "exists "
            + found
            + " but was not created by lakewire (owner "
            + owner
            + "); lakewire wants "
            + wants);
  }

  /** Collects differences: {@link #MATCHES} when there are none. */
  final class Differences {
    private final List<Difference> found = new ArrayList<>();

    /**
     * Records {@code what} when the two differ, compared case-insensitively (ids, GUIDs, names).
     */
    public Differences ignoringCase(
        String what, String desired, String actual, boolean correctable) {
      boolean same = desired == null ? actual == null : desired.equalsIgnoreCase(actual);
      return compare(what, desired, actual, same, correctable);
    }

    /** Records {@code what} when {@code same} is false. */
    public Differences compare(
        String what, String desired, String actual, boolean same, boolean correctable) {
      if (!same) {
        found.add(new Difference(what, desired, actual, correctable));
      }
      return this;
    }

    public Match result() {
      return found.isEmpty() ? MATCHES : new Drifted(found);
    }
  }
}
