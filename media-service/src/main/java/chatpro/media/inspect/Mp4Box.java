package chatpro.media.inspect;

/**
 * One ISO BMFF box header: its type, where its payload starts and where the box ends, already checked to lie
 * within its parent.
 */
record Mp4Box(String type, int data, int end) {

  /** Reads the box at {@code pos}; a size of 0 means "to the parent's end", a size of 1 a 64-bit size. */
  static Mp4Box read(Bytes b, int pos, int parentEnd) throws MediaRejected {
    long size = b.u32be(pos);
    String type = b.ascii(pos + 4, 4);
    int header = 8;
    if (size == 1) {
      size = b.u64be(pos + 8);
      header = 16;
    } else if (size == 0) {
      size = parentEnd - pos;
    }
    if (size < header || pos + size > parentEnd) {
      throw MediaRejected.unsupported("the MP4 file has a box that does not fit its parent");
    }
    return new Mp4Box(type, pos + header, (int) (pos + size));
  }

  /** The first child of the given type, or null; children start at {@code from} (after any fixed fields). */
  Mp4Box child(Bytes b, int from, String wanted) throws MediaRejected {
    for (int pos = from; pos + 8 <= end; ) {
      Mp4Box box = read(b, pos, end);
      if (box.type.equals(wanted)) {
        return box;
      }
      pos = box.end;
    }
    return null;
  }

  Mp4Box child(Bytes b, String wanted) throws MediaRejected {
    return child(b, data, wanted);
  }

  /** The child found by following {@code path} of box types, or null when any step is missing. */
  Mp4Box path(Bytes b, String... path) throws MediaRejected {
    Mp4Box box = this;
    for (int i = 0; i < path.length && box != null; i++) {
      box = box.child(b, path[i]);
    }
    return box;
  }

  int size() {
    return end - data;
  }

  /** A full box's version byte (the first payload byte). */
  int version(Bytes b) throws MediaRejected {
    return b.u8(data);
  }
}
