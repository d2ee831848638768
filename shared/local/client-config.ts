/**
 * Credentials and region the local emulators accept; nothing here ever reaches AWS. Kept apart
 * from the emulators themselves, so a command that only talks to a running pipeline does not
 * load them.
 */
export function localClientConfig(endpoint: string) {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 3,
  };
}
