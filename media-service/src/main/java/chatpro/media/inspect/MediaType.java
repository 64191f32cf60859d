package chatpro.media.inspect;

/** The types the protocol accepts, each with its kind, and how each is recognised from its first bytes. */
enum MediaType {
  JPEG("image/jpeg", MediaType.IMAGE),
  PNG("image/png", MediaType.IMAGE),
  WEBP("image/webp", MediaType.IMAGE),
  OGG_OPUS("audio/ogg", MediaType.VOICE),
  WEBM_OPUS("audio/webm", MediaType.VOICE),
  MP4_AAC("audio/mp4", MediaType.VOICE),
  MP3("audio/mpeg", MediaType.VOICE);

  static final String IMAGE = "image";
  static final String VOICE = "voice";

  final String mime;
  final String kind;

  MediaType(String mime, String kind) {
    this.mime = mime;
    this.kind = kind;
  }

  /**
   * The candidate type from the magic number alone; the format's own reader then checks the whole structure.
   * MP3 comes last: a frame sync is only two bytes, so it is tried when nothing stronger matched.
   */
  static MediaType sniff(Bytes b) throws MediaRejected {
    if (b.size() >= 3 && b.at(0) == 0xFF && b.at(1) == 0xD8 && b.at(2) == 0xFF) {
      return JPEG;
    }
    if (b.startsWith(0, "\u0089PNG\r\n\u001A\n")) {
      return PNG;
    }
    if (b.startsWith(0, "RIFF") && b.startsWith(8, "WEBP")) {
      return WEBP;
    }
    if (b.startsWith(0, "OggS")) {
      return OGG_OPUS;
    }
    if (b.startsWith(0, "\u001A\u0045\u00DF\u00A3")) {
      return WEBM_OPUS;
    }
    if (b.startsWith(4, "ftyp")) {
      return MP4_AAC;
    }
    if (b.startsWith(0, "ID3") || Mp3Audio.isFrameHeader(b, 0)) {
      return MP3;
    }
    throw MediaRejected.unsupported("the bytes are not a supported picture or voice note");
  }
}
