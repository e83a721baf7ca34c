/** Seconds an IMDSv2 token lasts: the most the service grants. */
const TOKEN_TTL_SECONDS = 21600;
const REQUEST_TIMEOUT_MS = 2000;

export interface ImdsAnswer {
  status: number;
  body: string;
}

/**
 * The instance metadata service, IMDSv2 only (instances are launched with HttpTokens=required): a token
 * from `PUT /latest/api/token` goes with every GET, and a 401 (the token expired or was revoked) fetches
 * a new one once. SPAWN_IMDS_ENDPOINT points it at a test server.
 */
export class ImdsClient {
  private token: string | null = null;

  constructor(private readonly base = process.env.SPAWN_IMDS_ENDPOINT || 'http://169.254.169.254') {}

  private async newToken(): Promise<string> {
    const response = await fetch(`${this.base}/latest/api/token`, {
      method: 'PUT',
      headers: { 'X-aws-ec2-metadata-token-ttl-seconds': String(TOKEN_TTL_SECONDS) },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`IMDS gave no token (HTTP ${response.status})`);
    return body;
  }

  /** GET /latest/PATH, whatever the status; throws only when the service cannot be reached or gives no token. */
  async request(path: string): Promise<ImdsAnswer> {
    for (let attempt = 1; ; attempt++) {
      this.token ??= await this.newToken();
      const response = await fetch(`${this.base}/latest/${path}`, { headers: { 'X-aws-ec2-metadata-token': this.token }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      const answer = { status: response.status, body: await response.text() };
      if (answer.status !== 401 || attempt > 1) return answer;
      this.token = null;
    }
  }

  /** The item's value; throws unless IMDS has it. */
  async text(path: string): Promise<string> {
    const answer = await this.request(path);
    if (answer.status !== 200) throw new Error(`IMDS GET /latest/${path}: HTTP ${answer.status}`);
    return answer.body;
  }
}
