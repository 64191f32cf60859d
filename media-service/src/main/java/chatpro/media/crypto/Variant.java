package chatpro.media.crypto;

/** Which stored object of a media: the bytes as uploaded (stripped), or the picture's thumbnail. */
public enum Variant {
  ORIGINAL("original"),
  THUMBNAIL("thumbnail");

  private final String label;

  Variant(String label) {
    this.label = label;
  }

  /** The name in internal paths and in what a key and its ciphertext are bound to. */
  public String label() {
    return label;
  }

  public static Variant of(boolean thumbnail) {
    return thumbnail ? THUMBNAIL : ORIGINAL;
  }

  /** The variant with this label, or null. */
  public static Variant fromLabel(String label) {
    for (Variant v : values()) {
      if (v.label.equals(label)) {
        return v;
      }
    }
    return null;
  }
}
