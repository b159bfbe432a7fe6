// Writes 16 kHz mono 16-bit PCM to disk as it is produced, in constant memory, for sessions of any length.

import * as fs from 'node:fs';
import { TandemError } from '../../../common/errors';
import { SAMPLE_RATE_HZ } from '../../../common/microturn';

const HEADER_BYTES = 44;
const BYTES_PER_SAMPLE = 2;
/** A RIFF size field is 32 bits; the RIFF chunk covers the data plus 36 header bytes. */
const MAX_DATA_BYTES = 0xffffffff - (HEADER_BYTES - 8);

/**
 * Appends samples to a WAV file as they come (e.g. every 200 ms) and keeps the header's sizes
 * correct after every write, so a crash leaves a playable file up to the last write. Memory use is
 * one conversion buffer the size of the largest chunk written, whatever the session's length.
 *
 *   const out = new WavStreamWriter('out/output.wav');
 *   out.write(chunk); …; out.close();
 */
export class WavStreamWriter {
  readonly path: string;
  private fd: number | undefined;
  private dataBytes = 0;
  private scratch = Buffer.alloc(SAMPLE_RATE_HZ / 5 * BYTES_PER_SAMPLE); // one 200 ms chunk
  private readonly sizeField = Buffer.alloc(4);

  /** Creates (or truncates) the file and writes a header for an empty 16 kHz mono 16-bit file. */
  constructor(path: string) {
    this.path = path;
    try {
      this.fd = fs.openSync(path, 'w');
      fs.writeSync(this.fd, wavHeader(0), 0, HEADER_BYTES, 0);
    } catch (cause) {
      if (this.fd !== undefined) fs.closeSync(this.fd);
      this.fd = undefined;
      throw unwritable(path, cause);
    }
  }

  /** Samples written so far (16 kHz). */
  get samplesWritten(): number {
    return this.dataBytes / BYTES_PER_SAMPLE;
  }

  get durationMs(): number {
    return (this.samplesWritten * 1000) / SAMPLE_RATE_HZ;
  }

  get closed(): boolean {
    return this.fd === undefined;
  }

  /** Appends 16 kHz mono samples in [-1, 1]; values outside are clamped, NaN becomes silence. */
  write(samples: Float32Array): void {
    if (this.fd === undefined) {
      throw new TandemError('OUTPUT_UNWRITABLE', 'Tried to write audio after the WAV file was closed', this.path, 'This is a bug in the caller: write before close().');
    }
    if (samples.length === 0) return;
    const bytes = samples.length * BYTES_PER_SAMPLE;
    if (this.dataBytes + bytes > MAX_DATA_BYTES) {
      throw new TandemError('OUTPUT_UNWRITABLE', 'The WAV file would exceed 4 GiB, the largest size a WAV header can describe', this.path, 'Split the session into shorter recordings.');
    }
    if (this.scratch.length < bytes) this.scratch = Buffer.alloc(bytes);
    for (let i = 0; i < samples.length; i++) {
      const value = samples[i];
      const clamped = value > 1 ? 1 : value < -1 ? -1 : value === value ? value : 0;
      // Asymmetric scaling keeps +1 → 32767 and -1 → -32768 exactly, like most PCM writers.
      this.scratch.writeInt16LE(Math.round(clamped < 0 ? clamped * 32768 : clamped * 32767), i * BYTES_PER_SAMPLE);
    }
    try {
      writeFully(this.fd, this.scratch, bytes, HEADER_BYTES + this.dataBytes);
      this.dataBytes += bytes;
      this.patchSizes();
    } catch (cause) {
      throw unwritable(this.path, cause);
    }
  }

  /** Finalises the header and closes the file. Safe to call twice. */
  close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    try {
      this.patchSizes(fd);
      fs.closeSync(fd);
    } catch (cause) {
      throw unwritable(this.path, cause);
    }
  }

  private patchSizes(fd = this.fd as number): void {
    this.sizeField.writeUInt32LE(HEADER_BYTES - 8 + this.dataBytes, 0);
    fs.writeSync(fd, this.sizeField, 0, 4, 4);
    this.sizeField.writeUInt32LE(this.dataBytes, 0);
    fs.writeSync(fd, this.sizeField, 0, 4, HEADER_BYTES - 4);
  }
}

function writeFully(fd: number, buffer: Buffer, length: number, position: number): void {
  let done = 0;
  while (done < length) {
    done += fs.writeSync(fd, buffer, done, length - done, position + done);
  }
}

/** The canonical 44-byte header of a 16 kHz mono 16-bit PCM WAV file holding `dataBytes` of audio. */
function wavHeader(dataBytes: number): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(HEADER_BYTES - 8 + dataBytes, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(SAMPLE_RATE_HZ, 24);
  header.writeUInt32LE(SAMPLE_RATE_HZ * BYTES_PER_SAMPLE, 28);
  header.writeUInt16LE(BYTES_PER_SAMPLE, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(dataBytes, 40);
  return header;
}

function unwritable(path: string, cause: unknown): TandemError {
  const code = (cause as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'its folder does not exist'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a folder'
    : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder'
    : code === 'ENOSPC' ? 'the disk is full'
    : code === 'EROFS' ? 'the file system is read-only'
    : (cause as Error).message;
  return new TandemError('OUTPUT_UNWRITABLE', `Cannot write the WAV file: ${why}`, path, 'Choose an output folder that exists and that you can write to (e.g. --out DIR), or free disk space.', { cause });
}
