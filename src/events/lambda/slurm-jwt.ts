import { SpawnSlurmError } from '../../core/errors.js';

/** How long a token read from Secrets Manager is reused by one warm function before it is read again. */
const REUSE_MS = 5 * 60_000;

export type SecretReader = (secretArn: string) => Promise<string>;

/** The secret's value, through the SDK the Lambda runtime ships (imported only when a secret is named). */
const readSecret: SecretReader = async (secretArn) => {
  const { SecretsManagerClient, GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({});
  try {
    const answer = await client.send(new GetSecretValueCommand({ SecretId: secretArn }));
    if (answer.SecretString === undefined) throw new SpawnSlurmError('slurmrestd-token', `the secret ${secretArn} holds no text`, 'store the JWT as the secret string');
    return answer.SecretString;
  } finally {
    client.destroy();
  }
};

/** `SLURM_JWT=…` as `scontrol token` prints it, or the token alone (as a cluster's token_file). */
const tokenOf = (text: string) => text.trim().replace(/^SLURM_JWT=/, '');

/**
 * The slurmrestd JWT: $SLURM_JWT, else the secret $SLURM_JWT_SECRET_ARN names (kept for a few minutes,
 * so a rotated secret is seen soon). Errors name where the token was looked for, never the token.
 */
export function jwtSource(env: NodeJS.ProcessEnv, read: SecretReader = readSecret): () => Promise<string> {
  let cached: { token: string; at: number } | null = null;
  return async () => {
    if (env.SLURM_JWT) return tokenOf(env.SLURM_JWT);
    const arn = env.SLURM_JWT_SECRET_ARN;
    if (!arn)
      throw new SpawnSlurmError('slurmrestd-token', 'no token for slurmrestd: neither SLURM_JWT nor SLURM_JWT_SECRET_ARN is set', 'deploy with the JwtSecretArn parameter (docs/lambda.md)');
    if (cached && Date.now() - cached.at < REUSE_MS) return cached.token;
    let text: string;
    try {
      text = await read(arn);
    } catch (error) {
      throw new SpawnSlurmError(
        'slurmrestd-token',
        `cannot read the slurmrestd token from the secret ${arn}: ${(error as Error).message}`,
        'check the secret exists and the function may read it',
        {
          cause: error,
        },
      );
    }
    const token = tokenOf(text);
    if (!token) throw new SpawnSlurmError('slurmrestd-token', `the secret ${arn} is empty`, 'store the JWT (`scontrol token lifespan=…`) in it');
    cached = { token, at: Date.now() };
    return token;
  };
}
