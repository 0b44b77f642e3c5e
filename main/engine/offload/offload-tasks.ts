import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { PngMetadata } from '../../contract/channels';
import { readPngMetadata } from '../image/png-metadata';
import { onnxExternalDataLocations } from '../onnx/onnx-external-data';
import { judgeOnnxBytes, outputActivationRange, readOnnxGraph } from '../onnx/onnx-graph';

/** Our own graph checks read at most this much of an ONNX file (larger ones skip them). */
export const MAX_GRAPH_READ = 1.5 * 1024 ** 3;

/** What our own look at an ONNX file found (the caller turns it into words naming the file). */
export type OnnxFileCheck =
  | { kind: 'ok'; range: [number, number] | null }
  | { kind: 'too-large' }
  | { kind: 'truncated' }
  | { kind: 'not-onnx' }
  | { kind: 'not-a-file' }
  | { kind: 'unreadable'; code: string | undefined; message: string };

/**
 * Reads and parses an ONNX file's graph: its verdict (truncated, not ONNX) and its output
 * activation's range. Whole-file reads and protobuf parsing take seconds on large models, so this
 * runs on the offload thread, never on a thread that serves the UI.
 */
async function checkOnnxFile(path: string): Promise<OnnxFileCheck> {
  let bytes: Uint8Array;
  try {
    // Non-blocking: a FIFO named model.onnx must not hang this thread.
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const info = await handle.stat();
      if (!info.isFile()) return { kind: 'not-a-file' };
      if (info.size > MAX_GRAPH_READ) return { kind: 'too-large' };
      bytes = await handle.readFile();
    } finally {
      await handle.close();
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { kind: 'unreadable', code: e.code, message: e.message };
  }
  const verdict = judgeOnnxBytes(bytes);
  if (verdict === 'truncated' || verdict === 'not-onnx') return { kind: verdict };
  const graph = readOnnxGraph(bytes);
  return { kind: 'ok', range: graph === null ? null : outputActivationRange(graph) };
}

/**
 * The external-data files an ONNX model names (relative locations, as written in the file), or
 * null when the file cannot be parsed as ONNX (the loader reports that in its own words).
 */
async function onnxExternalData(path: string): Promise<string[] | null> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    if (!(await handle.stat()).isFile()) return null;
    const bytes = await handle.readFile();
    return judgeOnnxBytes(bytes) === 'ok' ? onnxExternalDataLocations(bytes) : null;
  } finally {
    await handle.close();
  }
}

/** Everything the offload thread can do, by name; arguments and results cross by structured clone. */
export const offloadTasks = {
  pngMetadata: (bytes: Uint8Array, fileLabel?: string): PngMetadata | null =>
    readPngMetadata(bytes, fileLabel),
  checkOnnxFile,
  onnxExternalData,
};

export type OffloadTasks = typeof offloadTasks;
export type OffloadTask = keyof OffloadTasks;
