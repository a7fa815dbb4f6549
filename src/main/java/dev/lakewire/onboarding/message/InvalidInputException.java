package dev.lakewire.onboarding.message;

/** Bad input from outside (an event, an HTTP body, a message, a setting), naming the field. */
public class InvalidInputException extends RuntimeException {

  /** What kind of bad input, so an HTTP caller can answer with the right status. */
  public enum Kind {
    /** The content is wrong (400). */
    INVALID,
    /** The content type is not JSON (415). */
    UNSUPPORTED_MEDIA_TYPE,
    /** The body is too large (413). */
    TOO_LARGE
  }

  private final String field;
  private final Kind kind;

  public InvalidInputException(String field, String problem) {
    this(field, problem, Kind.INVALID);
  }

  public InvalidInputException(String field, String problem, Kind kind) {
    super(field + ": " + problem);
    this.field = field;
    this.kind = kind;
  }

  /** The field (JSON path, header or setting name) that is wrong. */
  public String field() {
    return field;
  }

  public Kind kind() {
    return kind;
  }
}
