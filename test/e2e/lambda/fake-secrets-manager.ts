import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * AWS Secrets Manager's GetSecretValue for tests, on 127.0.0.1: the SDK's own request (JSON 1.1,
 * X-Amz-Target) answered with the secret's string. Records the secrets asked for.
 */
export async function startFakeSecretsManager(secrets: Record<string, string>): Promise<{ url: string; asked: string[]; close(): Promise<void> }> {
  const asked: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      const id = body.SecretId ?? '';
      asked.push(id);
      const found = target === 'secretsmanager.GetSecretValue' ? secrets[id] : undefined;
      response.writeHead(found === undefined ? 400 : 200, { 'Content-Type': 'application/x-amz-json-1.1' });
      response.end(
        JSON.stringify(
          found === undefined
            ? { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }
            : { ARN: id, Name: id.split(':').at(-1), SecretString: found, VersionId: 'v1', CreatedDate: 1_700_000_000 },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, asked, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
