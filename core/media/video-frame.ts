import { execFile } from 'node:child_process';

/** What ffprobe/ffmpeg tell about an uploaded video: a poster frame (JPEG) and its duration. */
export interface VideoFrame {
  /** A JPEG of one frame, or null (then `notice` says why). */
  poster: Buffer | null;
  durationSec: number | null;
  width: number | null;
  height: number | null;
  /** Why there is no poster frame or duration, for the person uploading. */
  notice: string | null;
}

export interface VideoTools {
  /** The ffmpeg and ffprobe programs (names on PATH or paths). */
  ffmpeg: string;
  ffprobe: string;
  /** Give up on a video after this long. */
  timeoutMs?: number;
}

const MAX_FRAME_BYTES = 32 * 1024 * 1024;

function run(program: string, args: string[], timeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(program, args, { encoding: 'buffer', maxBuffer: MAX_FRAME_BYTES, timeout: timeoutMs, windowsHide: true }, (err, stdout, stderr) => {
      if (err) {
        const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
        e.stderr = stderr;
        reject(e);
      } else resolve(stdout);
    });
  });
}

function missingTool(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

function lastLine(err: unknown): string {
  const text = ((err as { stderr?: Buffer }).stderr?.toString('utf8') ?? '').trim();
  return (text.split('\n').at(-1) ?? '').slice(0, 200) || (err as Error).message;
}

export const FFMPEG_MISSING =
  'No poster frame or duration: ffmpeg is not installed on this device (Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg). Upload a poster image for the video instead.';

/**
 * Reads a video's duration and size with ffprobe and takes one frame with ffmpeg (spawned
 * processes: the event loop keeps serving while they run). Never throws for the video's
 * sake: without ffmpeg, or with a video it cannot read, the answer says so in `notice`.
 */
export async function videoFrame(file: string, tools: VideoTools): Promise<VideoFrame> {
  const timeoutMs = tools.timeoutMs ?? 60_000;
  const out: VideoFrame = { poster: null, durationSec: null, width: null, height: null, notice: null };
  try {
    const json = JSON.parse(
      (await run(tools.ffprobe, ['-v', 'error', '-print_format', 'json', '-show_entries', 'format=duration:stream=codec_type,width,height,duration', file], timeoutMs)).toString('utf8'),
    ) as { format?: { duration?: string }; streams?: Array<{ codec_type?: string; width?: number; height?: number; duration?: string }> };
    const video = json.streams?.find((s) => s.codec_type === 'video');
    const d = Number(json.format?.duration ?? video?.duration);
    out.durationSec = Number.isFinite(d) && d > 0 ? Math.round(d * 100) / 100 : null;
    out.width = video?.width ?? null;
    out.height = video?.height ?? null;
  } catch (err) {
    out.notice = missingTool(err) ? FFMPEG_MISSING : `No duration: ffprobe could not read the video (${lastLine(err)})`;
    if (missingTool(err)) return out;
  }
  // A frame a little way in (the first is often black), never past the end.
  const at = out.durationSec ? Math.min(out.durationSec * 0.1, 5) : 0;
  try {
    const jpeg = await run(tools.ffmpeg, ['-v', 'error', '-ss', at.toFixed(2), '-i', file, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'mjpeg', '-q:v', '3', 'pipe:1'], timeoutMs);
    if (jpeg.length > 0) out.poster = jpeg;
    else out.notice ??= 'No poster frame: the video has no picture at that point';
  } catch (err) {
    out.notice = missingTool(err) ? FFMPEG_MISSING : `No poster frame: ffmpeg could not read the video (${lastLine(err)})`;
  }
  return out;
}
