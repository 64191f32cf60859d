import { useEffect, useRef, useState } from 'preact/hooks';

/** Containers the server takes for voice notes, in order of preference; the browser makes whichever it can. */
const TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/ogg', 'audio/mp4'];
export const MAX_RECORDING_MS = 15 * 60_000;

export type RecorderError = 'denied' | 'missing' | 'failed';

export function recordingType(): string | undefined {
  if (typeof MediaRecorder === 'undefined') return undefined;
  return TYPES.find((type) => MediaRecorder.isTypeSupported(type));
}

/**
 * Records a voice note with MediaRecorder: start asks for the microphone, stop answers the recording, cancel throws
 * it away. The microphone is released as soon as recording ends.
 */
export function useRecorder(onLimit?: (recording: { blob: Blob; durationMs: number }) => void) {
  const [recording, setRecording] = useState(false);
  const [elapsed, setElapsed] = useState(0);
  const [error, setError] = useState<RecorderError | null>(null);
  const recorder = useRef<MediaRecorder | null>(null);
  const chunks = useRef<Blob[]>([]);
  const started = useRef(0);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const done = useRef<((blob: Blob | null) => void) | null>(null);

  const release = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
    recorder.current?.stream.getTracks().forEach((track) => track.stop());
    recorder.current = null;
    setRecording(false);
  };

  useEffect(() => () => {
    done.current = null;
    if (recorder.current?.state === 'recording') recorder.current.stop();
    release();
  }, []);

  const start = async (): Promise<boolean> => {
    setError(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch (e) {
      const name = (e as DOMException).name;
      setError(name === 'NotAllowedError' || name === 'SecurityError' ? 'denied' : name === 'NotFoundError' ? 'missing' : 'failed');
      return false;
    }
    const type = recordingType();
    const r = new MediaRecorder(stream, type ? { mimeType: type } : undefined);
    chunks.current = [];
    r.ondataavailable = (e) => {
      if (e.data.size) chunks.current.push(e.data);
    };
    r.onstop = () => {
      const blob = new Blob(chunks.current, { type: (r.mimeType || type || 'audio/webm').split(';')[0] });
      const finish = done.current;
      done.current = null;
      release();
      finish?.(blob.size ? blob : null);
    };
    recorder.current = r;
    started.current = Date.now();
    setElapsed(0);
    r.start(1000);
    setRecording(true);
    timer.current = setInterval(() => {
      const ms = Date.now() - started.current;
      setElapsed(ms);
      if (ms >= MAX_RECORDING_MS && !done.current) {
        // At the longest a voice note may be, it ends and goes as it is: nothing recorded is thrown away.
        void stop().then((recording) => recording && onLimit?.(recording));
      }
    }, 250);
    return true;
  };

  /** Ends the recording and answers it with its length (null if nothing was recorded). */
  const stop = (): Promise<{ blob: Blob; durationMs: number } | null> =>
    new Promise((resolve) => {
      const r = recorder.current;
      if (!r || r.state !== 'recording') {
        resolve(null);
        return;
      }
      const durationMs = Date.now() - started.current;
      done.current = (blob) => resolve(blob ? { blob, durationMs } : null);
      r.stop();
    });

  const cancel = () => {
    done.current = null;
    if (recorder.current?.state === 'recording') recorder.current.stop();
    release();
  };

  return { recording, elapsed, error, start, stop, cancel, clearError: () => setError(null) };
}
