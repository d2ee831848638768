import '../cli/quiet-warnings';
import type { TestProject } from 'vitest/node';
import { startEmulators } from '../shared/local/emulators';

declare module 'vitest' {
  export interface ProvidedContext {
    snsSqsEndpoint: string;
    dynamoEndpoint: string;
  }
}

/**
 * One pair of real emulators for the whole run, on free ports so a running `bounces local`
 * never collides. Test files isolate themselves by creating their own uniquely named tables,
 * topics and queues.
 */
export default async function setup(project: TestProject) {
  const emulators = await startEmulators();
  project.provide('snsSqsEndpoint', emulators.snsSqsEndpoint);
  project.provide('dynamoEndpoint', emulators.dynamoEndpoint);
  return () => emulators.stop();
}
