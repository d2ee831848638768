import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** Shorter than this, a secret is no key; the construct generates 64 characters. */
const MIN_SECRET_LENGTH = 32;

/**
 * The cursor key's secret from Secrets Manager (the string the construct generated for this
 * stack). Called once per container, at cold start: a request never waits on it. Throws when
 * the secret cannot be read or is too short, so a misconfigured function fails loudly at once.
 */
export async function readCursorSecret(client: Pick<SecretsManagerClient, 'send'>, secretArn: string): Promise<string> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (SecretString === undefined || SecretString.length < MIN_SECRET_LENGTH) {
    throw new Error(`the cursor secret ${secretArn} holds no string of at least ${MIN_SECRET_LENGTH} characters`);
  }
  return SecretString;
}
