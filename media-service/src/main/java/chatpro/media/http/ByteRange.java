package chatpro.media.http;

/**
 * What part of an object a GET asks for ({@code Range: bytes=…}, RFC 9110 §14): one range is served as 206; a
 * header that is not one well-formed byte range is ignored and the whole object served (as S3 does); a range
 * that starts past the end cannot be served (416).
 *
 * @param start the first byte
 * @param length how many bytes (0 when unsatisfiable)
 * @param partial whether the answer is 206 with a Content-Range
 */
record ByteRange(long start, long length, boolean partial, boolean satisfiable) {

  static ByteRange of(String header, long size) {
    ByteRange whole = new ByteRange(0, size, false, true);
    if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
      return whole;
    }
    String spec = header.substring("bytes=".length()).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return whole;
    }
    String first = spec.substring(0, dash).trim();
    String last = spec.substring(dash + 1).trim();
    try {
      if (first.isEmpty()) {
        long suffix = Long.parseLong(last);
        if (suffix <= 0 || size == 0) {
          return unsatisfiable();
        }
        long start = Math.max(0, size - suffix);
        return new ByteRange(start, size - start, true, true);
      }
      long start = Long.parseLong(first);
      long end = last.isEmpty() ? size - 1 : Long.parseLong(last);
      if (start >= size) {
        return unsatisfiable();
      }
      if (end < start) {
        return whole;
      }
      end = Math.min(end, size - 1);
      return new ByteRange(start, end - start + 1, true, true);
    } catch (NumberFormatException e) {
      return whole;
    }
  }

  private static ByteRange unsatisfiable() {
    return new ByteRange(0, 0, false, false);
  }

  /** The Content-Range of a 206 answer. */
  String contentRange(long size) {
    return "bytes " + start + "-" + (start + length - 1) + "/" + size;
  }
}
