/**
 * The error-code gate's recorder: counts the code of every CallboardError that product code
 * constructs. Errors a test constructs itself (`new CallboardError(...)` in test/) do not
 * count: a code counts only when the first stack frame outside core/errors.ts lies outside test/.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallboardError } from '../../core/errors.ts';

const TEST_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url))) + path.sep;
const ERRORS_FILE = `${path.sep}core${path.sep}errors.ts`;

export interface ErrorCodeRecorder {
  readonly counts: Record<string, number>;
  observe(error: CallboardError): void;
}

/** The file of the first stack frame (below `above`) outside core/errors.ts: where the error was made. */
function constructedIn(above: (error: CallboardError) => void): string {
  const prepare = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 12;
    Error.prepareStackTrace = (_err, sites) => sites;
    const holder: { stack?: NodeJS.CallSite[] } = {};
    Error.captureStackTrace(holder, above);
    for (const site of holder.stack ?? []) {
      let file = site.getFileName() ?? '';
      if (file.startsWith('file://')) file = fileURLToPath(file);
      if (file.endsWith(ERRORS_FILE)) continue;
      return file;
    }
    return '';
  } finally {
    Error.prepareStackTrace = prepare;
    Error.stackTraceLimit = limit;
  }
}

export function createErrorCodeRecorder(): ErrorCodeRecorder {
  const counts: Record<string, number> = {};
  const observe = (error: CallboardError): void => {
    if (constructedIn(observe).startsWith(TEST_DIR)) return;
    counts[error.code] = (counts[error.code] ?? 0) + 1;
  };
  return { counts, observe };
}
