import * as ort from 'onnxruntime-node';

/** The onnxruntime-node version, as the app shows it. */
export const ORT_VERSION: string = ort.env.versions.node ?? ort.env.versions.common;
