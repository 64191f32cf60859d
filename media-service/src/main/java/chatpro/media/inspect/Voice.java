package chatpro.media.inspect;

/** What a voice container's walk found: the note's length and its waveform. */
record Voice(long durationMs, int[] waveform) {

  /**
   * A note of {@code durationUs}; refused when it has no length (nothing to play: 415) or is longer than the limit
   * (413, like any upload that is too big).
   */
  static Voice of(long durationUs, Waveform waveform, Limits limits) throws MediaRejected {
    long ms = Math.round(durationUs / 1000.0);
    if (durationUs <= 0 || ms == 0) {
      throw MediaRejected.unsupported("the voice note has no duration");
    }
    if (ms > limits.maxVoiceMs()) {
      throw tooLong();
    }
    return new Voice(ms, waveform.levels(durationUs));
  }

  static MediaRejected tooLong() {
    return MediaRejected.tooLarge("the voice note is longer than allowed");
  }
}
