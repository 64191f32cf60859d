package chatpro.media.inspect;

/** Reads EBML element headers (the Matroska/WebM encoding): a variable-length ID, then a variable-length size. */
final class Ebml {
  static final long UNKNOWN_SIZE = -1;

  /**
   * One element header.
   *
   * @param id    the ID with its length marker, as the specs write it (0x1A45DFA3)
   * @param data  where the element's data starts
   * @param size  the data length, or {@link #UNKNOWN_SIZE} for a live-written element that runs until its parent ends
   */
  record Element(long id, int data, long size) {
    boolean known() {
      return size != UNKNOWN_SIZE;
    }

    /** Where the element ends; an unknown-size element is only ever asked when its parent bounds it. */
    int end() {
      return (int) (data + size);
    }
  }

  private Ebml() {}

  /** Reads the header at {@code pos}; a known size must fit within {@code parentEnd}. */
  static Element read(Bytes b, int pos, int parentEnd) throws MediaRejected {
    int idLength = length(b.u8(pos), 4);
    long id = 0;
    for (int i = 0; i < idLength; i++) {
      id = id << 8 | b.u8(pos + i);
    }
    int sizePos = pos + idLength;
    int sizeLength = length(b.u8(sizePos), 8);
    long size = b.u8(sizePos) & (0xFF >> sizeLength);
    boolean allOnes = size == (0xFF >> sizeLength);
    for (int i = 1; i < sizeLength; i++) {
      int next = b.u8(sizePos + i);
      allOnes &= next == 0xFF;
      size = size << 8 | next;
    }
    int data = sizePos + sizeLength;
    if (allOnes) {
      return new Element(id, data, UNKNOWN_SIZE);
    }
    if (data + size > parentEnd) {
      throw MediaRejected.unsupported("the WebM file has an element longer than its parent");
    }
    return new Element(id, data, size);
  }

  /** An unsigned integer element's value (at most 8 bytes). */
  static long unsigned(Bytes b, Element e) throws MediaRejected {
    if (e.size() > 8) {
      throw MediaRejected.unsupported("the WebM file has an integer that is too long");
    }
    long value = 0;
    for (int i = 0; i < e.size(); i++) {
      value = value << 8 | b.u8(e.data() + i);
    }
    return value;
  }

  /** A float element's value (4 or 8 bytes; 0 for an empty one). */
  static double real(Bytes b, Element e) throws MediaRejected {
    if (e.size() == 4) {
      return Float.intBitsToFloat((int) b.u32be(e.data()));
    }
    if (e.size() == 8) {
      return Double.longBitsToDouble(b.u32be(e.data()) << 32 | b.u32be(e.data() + 4));
    }
    if (e.size() == 0) {
      return 0;
    }
    throw MediaRejected.unsupported("the WebM file has a float of a wrong length");
  }

  /** How many bytes a variable-length number takes, from the position of the first set bit in its first byte. */
  static int length(int first, int max) throws MediaRejected {
    int length = Integer.numberOfLeadingZeros(first) - 23;
    if (first == 0 || length > max) {
      throw MediaRejected.unsupported("the WebM file has a malformed element header");
    }
    return length;
  }
}
