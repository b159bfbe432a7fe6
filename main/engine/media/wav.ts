// Reads any common PCM/float WAV file into the engine's format: 16 kHz mono Float32 in [-1, 1].

import * as fs from 'node:fs';
import * as wavefileModule from 'wavefile';
import { TandemError } from '../../../common/errors';
import { SAMPLE_RATE_HZ } from '../../../common/microturn';

// wavefile ships an ES build (named export, picked by bundlers) and a UMD build (what Node's own
// loader sees, exposed as the default export); take the class from whichever one we were given.
type WaveFileClass = typeof wavefileModule.WaveFile;
const WaveFile: WaveFileClass =
  (wavefileModule as unknown as { WaveFile?: WaveFileClass }).WaveFile ??
  (wavefileModule as unknown as { default: { WaveFile: WaveFileClass } }).default.WaveFile;

export interface MonoWav {
  /** 16 kHz mono samples in [-1, 1]. */
  samples: Float32Array;
  sourceRateHz: number;
  sourceChannels: number;
  /** Exact duration of the source audio (sample frames / source rate), not rounded. */
  durationMs: number;
  /** True when the source was not 16 kHz and had to be resampled. */
  resampled: boolean;
}

/** What the fmt chunk says, as far as we need it to decide whether we can read the file. */
interface WavLayout {
  container: 'RIFF' | 'RIFX';
  /** Format code after resolving WAVE_FORMAT_EXTENSIBLE to its sub-format. */
  formatCode: number;
  /** Byte offset of the 16-bit format tag inside the file (patched for extensible files). */
  formatTagOffset: number;
  formatTagIsExtensible: boolean;
  channels: number;
  sampleRateHz: number;
  bitsPerSample: number;
  blockAlign: number;
  dataOffset: number;
  dataBytes: number;
}

const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

const FORMAT_NAMES: Record<number, string> = {
  2: 'Microsoft ADPCM',
  6: 'A-law',
  7: 'µ-law',
  17: 'IMA ADPCM',
  49: 'GSM 6.10',
  80: 'MPEG',
  85: 'MP3',
};

const SUPPORTED =
  'Supported: uncompressed PCM with 8-, 16-, 24- or 32-bit integer samples, or 32/64-bit float samples, any sample rate, any number of channels';
const CONVERT_HINT = (path: string): string =>
  `${SUPPORTED}. Convert it, e.g. \`sox "${path}" -b 16 -e signed-integer out.wav\` or \`ffmpeg -i "${path}" -c:a pcm_s16le out.wav\`.`;

/**
 * Reads a WAV file and returns it as 16 kHz mono: channels are averaged, other rates are resampled
 * with wavefile's windowed-sinc interpolator behind a zero-phase low-pass filter (anti-aliasing).
 * Every problem with the file becomes a TandemError (INPUT_NOT_FOUND or WAV_INVALID) naming it.
 */
export function readWavMono16k(path: string): MonoWav {
  const bytes = readWholeFile(path);
  const layout = inspectWav(bytes, path);

  // wavefile reads WAVE_FORMAT_EXTENSIBLE float files as integers; show it the plain format tag
  // that the sub-format stands for, which is what such a file means. (Our own copy of the bytes.)
  if (layout.formatTagIsExtensible) {
    if (layout.container === 'RIFF') bytes.writeUInt16LE(layout.formatCode, layout.formatTagOffset);
    else bytes.writeUInt16BE(layout.formatCode, layout.formatTagOffset);
  }

  let interleaved: Float32Array;
  try {
    // wavefile unpacks the samples (any width, either byte order). Its own toBitDepth('32f') costs
    // about 2 s per minute of audio (it repacks every sample), so the int→float scaling, a single
    // multiply, is done here instead.
    const wav = new WaveFile(bytes);
    interleaved = wav.getSamples(true, Float32Array) as unknown as Float32Array;
  } catch (cause) {
    throw new TandemError(
      'WAV_INVALID',
      `WAV file could not be decoded: ${(cause as Error).message}`,
      path,
      CONVERT_HINT(path),
      { cause },
    );
  }
  if (layout.formatCode === WAVE_FORMAT_PCM) scaleIntegersToUnit(interleaved, layout.bitsPerSample);

  const frames = Math.floor(layout.dataBytes / layout.blockAlign);
  const mono = downmixToMono(interleaved, layout.channels, frames);
  const durationMs = (frames * 1000) / layout.sampleRateHz;

  if (layout.sampleRateHz === SAMPLE_RATE_HZ) {
    return { samples: mono, sourceRateHz: layout.sampleRateHz, sourceChannels: layout.channels, durationMs, resampled: false };
  }
  const samples = resampleTo16k(mono, layout.sampleRateHz, path);
  return { samples, sourceRateHz: layout.sampleRateHz, sourceChannels: layout.channels, durationMs, resampled: true };
}

function readWholeFile(path: string): Buffer {
  try {
    const stat = fs.statSync(path);
    if (stat.isDirectory()) {
      throw new TandemError('WAV_INVALID', 'Expected a WAV file but found a folder', path, 'Point to a .wav file inside it.');
    }
    return fs.readFileSync(path);
  } catch (error) {
    if (error instanceof TandemError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new TandemError('INPUT_NOT_FOUND', 'WAV file not found', path, 'Check the path (relative paths in a scenario are resolved against the scenario file\'s folder).', { cause: error });
    }
    throw new TandemError('WAV_INVALID', `WAV file could not be read: ${(error as Error).message}`, path, 'Check that the file is readable by the current user.', { cause: error });
  }
}

/** Walks the RIFF chunks ourselves so that truncation and unsupported formats get precise messages. */
function inspectWav(bytes: Buffer, path: string): WavLayout {
  if (bytes.length === 0) {
    throw new TandemError('WAV_INVALID', 'WAV file is empty (0 bytes)', path, 'Record or export the audio again.');
  }
  const magic = bytes.toString('latin1', 0, 4);
  if ((magic === 'RIFF' || magic === 'RIFX') && bytes.length < 12) {
    throw new TandemError('WAV_INVALID', `WAV file is truncated inside its header (${bytes.length} bytes)`, path, 'Record or export the audio again.');
  }
  const form = bytes.toString('latin1', 8, 12);
  if (magic === 'RF64' || magic === 'BW64') {
    throw new TandemError('WAV_INVALID', `${magic} (64-bit WAV) files are not supported`, path, `Convert it to a plain WAV under 4 GiB, e.g. 16 kHz mono: \`ffmpeg -i "${path}" -ar 16000 -ac 1 out.wav\`.`);
  }
  if (bytes.length < 12 || (magic !== 'RIFF' && magic !== 'RIFX') || form !== 'WAVE') {
    const seen = JSON.stringify(bytes.toString('latin1', 0, Math.min(4, bytes.length)));
    throw new TandemError(
      'WAV_INVALID',
      `Not a RIFF/WAVE file (it starts with ${seen}, a WAV file starts with "RIFF" and has "WAVE" at byte 8)`,
      path,
      `Convert it to WAV, e.g. \`ffmpeg -i "${path}" -ar 16000 -ac 1 out.wav\`.`,
    );
  }
  const container = magic as 'RIFF' | 'RIFX';
  const u16 = (at: number): number => (container === 'RIFF' ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number): number => (container === 'RIFF' ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  const repair = `Repair it with \`sox "${path}" repaired.wav\` (sox reads what is there and writes a correct header) or re-export the recording.`;

  let fmt: Omit<WavLayout, 'dataOffset' | 'dataBytes' | 'container'> | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = bytes.toString('latin1', offset, offset + 4);
    const size = u32(offset + 4);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) {
        throw new TandemError('WAV_INVALID', `WAV file is truncated inside its "fmt " chunk (${bytes.length} bytes in the file)`, path, repair);
      }
      let formatCode = u16(body);
      const formatTagOffset = body;
      if (formatCode === WAVE_FORMAT_EXTENSIBLE) {
        if (size < 40 || body + 26 > bytes.length) {
          throw new TandemError('WAV_INVALID', 'WAV file declares WAVE_FORMAT_EXTENSIBLE but its "fmt " chunk is too short to say which sub-format', path, CONVERT_HINT(path));
        }
        formatCode = u16(body + 24); // first two bytes of the sub-format GUID are the format code
      }
      fmt = {
        formatCode,
        formatTagOffset,
        formatTagIsExtensible: u16(body) === WAVE_FORMAT_EXTENSIBLE,
        channels: u16(body + 2),
        sampleRateHz: u32(body + 4),
        blockAlign: u16(body + 12),
        bitsPerSample: u16(body + 14),
      };
    } else if (id === 'data') {
      if (!fmt) {
        throw new TandemError('WAV_INVALID', 'WAV file has its "data" chunk before any "fmt " chunk, so its sample format is unknown', path, CONVERT_HINT(path));
      }
      checkFormat(fmt, path);
      const available = bytes.length - body;
      if (size > available) {
        throw new TandemError(
          'WAV_INVALID',
          `WAV file is truncated: its data chunk declares ${size} bytes but only ${available} are present (${size - available} bytes missing)`,
          path,
          `${repair} If the header was never finalised (a size of 4294967295 or 0), use \`sox --ignore-length "${path}" repaired.wav\`.`,
        );
      }
      if (size < fmt.blockAlign) {
        if (available >= fmt.blockAlign) {
          throw new TandemError(
            'WAV_INVALID',
            `WAV header declares ${size} bytes of audio but ${available} bytes follow it: the writer never finalised the header`,
            path,
            `Rewrite the header with \`sox --ignore-length "${path}" repaired.wav\`.`,
          );
        }
        throw new TandemError('WAV_INVALID', `WAV file contains no audio (its data chunk holds ${size} bytes, less than one sample frame)`, path, 'Record or export the audio again; an audio input must contain at least one sample.');
      }
      return { container, ...fmt, dataOffset: body, dataBytes: size };
    }
    offset = body + size + (size % 2);
  }
  if (!fmt) {
    throw new TandemError('WAV_INVALID', 'WAV file has no "fmt " chunk (the file is truncated or not really a WAV file)', path, repair);
  }
  throw new TandemError('WAV_INVALID', 'WAV file has no "data" chunk (the file is truncated or holds no audio)', path, repair);
}

function checkFormat(fmt: Omit<WavLayout, 'dataOffset' | 'dataBytes' | 'container'>, path: string): void {
  const { formatCode, bitsPerSample, channels, sampleRateHz, blockAlign } = fmt;
  if (formatCode !== WAVE_FORMAT_PCM && formatCode !== WAVE_FORMAT_IEEE_FLOAT) {
    const name = FORMAT_NAMES[formatCode] ?? `format code ${formatCode}`;
    throw new TandemError('WAV_INVALID', `Unsupported WAV encoding: ${name}`, path, CONVERT_HINT(path));
  }
  const intOk = formatCode === WAVE_FORMAT_PCM && [8, 16, 24, 32].includes(bitsPerSample);
  const floatOk = formatCode === WAVE_FORMAT_IEEE_FLOAT && (bitsPerSample === 32 || bitsPerSample === 64);
  if (!intOk && !floatOk) {
    const kind = formatCode === WAVE_FORMAT_PCM ? 'integer' : 'float';
    throw new TandemError('WAV_INVALID', `Unsupported WAV sample size: ${bitsPerSample}-bit ${kind}`, path, CONVERT_HINT(path));
  }
  if (channels < 1) {
    throw new TandemError('WAV_INVALID', 'WAV header says the file has 0 channels', path, CONVERT_HINT(path));
  }
  if (sampleRateHz < 1) {
    throw new TandemError('WAV_INVALID', 'WAV header says the sample rate is 0 Hz', path, CONVERT_HINT(path));
  }
  if (blockAlign !== channels * (bitsPerSample / 8)) {
    throw new TandemError(
      'WAV_INVALID',
      `WAV header is inconsistent: block align ${blockAlign} should be ${channels} channels × ${bitsPerSample / 8} bytes`,
      path,
      `Rewrite the header with \`sox "${path}" repaired.wav\`.`,
    );
  }
}

/** Integer PCM → [-1, 1): signed samples divided by 2^(bits-1); 8-bit WAV is unsigned, centred on 128. */
function scaleIntegersToUnit(samples: Float32Array, bitsPerSample: number): void {
  const offset = bitsPerSample === 8 ? 128 : 0;
  const scale = 1 / 2 ** (bitsPerSample - 1);
  for (let i = 0; i < samples.length; i++) samples[i] = (samples[i] - offset) * scale;
}

function downmixToMono(interleaved: Float32Array, channels: number, frames: number): Float32Array {
  if (channels === 1) return interleaved.length === frames ? interleaved : interleaved.slice(0, frames);
  const mono = new Float32Array(frames);
  for (let frame = 0, at = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel++) sum += interleaved[at++];
    mono[frame] = sum / channels;
  }
  return mono;
}

/**
 * Resamples with wavefile: windowed-sinc interpolation; its low-pass filter (a 16th-order
 * Butterworth run forwards and backwards, so without phase shift) sits at the lower Nyquist
 * frequency, which removes what would alias when downsampling and images when upsampling.
 * The result always has round(frames × 16000 / rate) samples so durations stay exact.
 */
function resampleTo16k(mono: Float32Array, fromRateHz: number, path: string): Float32Array {
  const expected = Math.round((mono.length * SAMPLE_RATE_HZ) / fromRateHz);
  let resampled: Float32Array;
  try {
    const wav = new WaveFile();
    wav.fromScratch(1, fromRateHz, '32f', mono);
    wav.toSampleRate(SAMPLE_RATE_HZ, { method: 'sinc', LPF: true, LPFType: 'IIR' });
    resampled = wav.getSamples(false, Float32Array) as unknown as Float32Array;
  } catch (cause) {
    throw new TandemError('WAV_INVALID', `WAV file could not be resampled from ${fromRateHz} Hz to ${SAMPLE_RATE_HZ} Hz: ${(cause as Error).message}`, path, `Resample it yourself, e.g. \`sox "${path}" -r 16000 out.wav\`.`, { cause });
  }
  if (resampled.length === expected) return resampled;
  const exact = new Float32Array(expected);
  exact.set(resampled.subarray(0, expected));
  if (resampled.length < expected && resampled.length > 0) exact.fill(resampled[resampled.length - 1], resampled.length);
  return exact;
}
