package dev.lakewire.onboarding.message;

import java.util.Locale;

/**
 * The Content-Type the HTTP endpoints accept: exactly {@code application/json}, optionally with
 * {@code charset=utf-8} (JSON is UTF-8, RFC 8259 §8.1); media type and parameter compared
 * case-insensitively, spaces around {@code ;} and {@code =} allowed. {@code application/jsonp},
 * {@code application/json-patch+json}, {@code text/json}, other parameters or charsets are refused
 * (415).
 */
public final class JsonContentType {

  private JsonContentType() {}

  /**
   * @throws InvalidInputException of kind {@link InvalidInputException.Kind#UNSUPPORTED_MEDIA_TYPE}
   *     naming {@code Content-Type}
   */
  public static void require(String contentType) {
    if (!isJson(contentType)) {
      throw new InvalidInputException(
          "Content-Type",
          "must be application/json (optionally ; charset=utf-8), was "
              + (contentType == null ? "missing" : LogText.clean(contentType)),
          InvalidInputException.Kind.UNSUPPORTED_MEDIA_TYPE);
    }
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String[] parts = contentType.split(";", -1);
    if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
      return false;
    }
    if (parts.length == 1) {
      return true;
    }
    if (parts.length > 2) {
      return false;
    }
    String[] param = parts[1].split("=", -1);
    if (param.length != 2 || !param[0].strip().equalsIgnoreCase("charset")) {
      return false;
    }
    String charset = param[1].strip();
    if (charset.length() >= 2 && charset.startsWith("\"") && charset.endsWith("\"")) {
      charset = charset.substring(1, charset.length() - 1);
    }
    return charset.equalsIgnoreCase("utf-8");
  }
}
