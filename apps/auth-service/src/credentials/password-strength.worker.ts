import { parentPort } from 'node:worker_threads';
import {
  estimateStrength,
  type PasswordContext,
  warmUpStrengthEstimator,
} from './password-strength.js';

/** Runs zxcvbn off the main thread: an estimate is tens of milliseconds of pure CPU. */
warmUpStrengthEstimator();
parentPort!.on(
  'message',
  ({ id, password, context }: { id: number; password: string; context: PasswordContext }) => {
    try {
      parentPort!.postMessage({ id, result: estimateStrength(password, context) });
    } catch (error) {
      parentPort!.postMessage({ id, error: String(error) });
    }
  },
);
