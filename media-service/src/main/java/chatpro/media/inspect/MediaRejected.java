package chatpro.media.inspect;

import chatpro.common.error.ErrorCode;

/** Why an upload is refused, as the protocol's error code; the message names the reason, never the bytes. */
public final class MediaRejected extends Exception {
  private final ErrorCode error;

  private MediaRejected(ErrorCode error, String message) {
    // A refusal is an expected answer to bad input, not a bug: no stack trace to fill.
    super(message, null, false, false);
    this.error = error;
  }

  /** 415: the bytes are not a supported picture or voice note, or not the kind or type claimed. */
  public static MediaRejected unsupported(String message) {
    return new MediaRejected(ErrorCode.UNSUPPORTED_MEDIA_TYPE, message);
  }

  /** 413: too many bytes, too many pixels or too long a recording. */
  public static MediaRejected tooLarge(String message) {
    return new MediaRejected(ErrorCode.PAYLOAD_TOO_LARGE, message);
  }

  /** 400: the request itself is wrong (an unknown kind). */
  public static MediaRejected badRequest(String message) {
    return new MediaRejected(ErrorCode.BAD_REQUEST, message);
  }

  public ErrorCode error() {
    return error;
  }

  public int status() {
    return error.status();
  }

  public String code() {
    return error.code();
  }
}
