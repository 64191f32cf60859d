package chatpro.media.inspect;

import java.nio.file.Path;

/**
 * What an accepted upload is and what to store for it. The caller owns every path here and deletes them when done;
 * {@code storedFile} is the uploaded file itself when its bytes needed no change (always so for voice).
 *
 * @param kind       "image" or "voice"
 * @param mime       the type of the stored bytes, decided from the bytes
 * @param storedFile the bytes to store: for pictures without metadata, upright
 * @param size       length of {@code storedFile} in bytes
 * @param width      picture width as displayed; null for voice
 * @param height     picture height as displayed; null for voice
 * @param durationMs voice length; null for pictures
 * @param waveform   voice loudness in {@link Waveform#LEVELS} levels of 0..100; null for pictures
 * @param thumbnail  pictures: a JPEG at most 320 px on its long side; null for voice
 */
public record Inspected(String kind, String mime, Path storedFile, long size, Integer width, Integer height,
                        Long durationMs, int[] waveform, Path thumbnail) {
}
