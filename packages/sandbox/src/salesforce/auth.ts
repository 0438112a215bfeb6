import { createHmac, randomBytes } from 'node:crypto';
import type { SandboxClock } from '../shared/clock.js';
import { KEY_PREFIXES, makeId } from './ids.js';
import type { SalesforceStore } from './store.js';
import type { Session } from './setup/access.js';

/**
 * OAuth 2.0 token endpoint and session checks ("OAuth 2.0 Client Credentials Flow for Server-to-Server
 * Integration", "OAuth 2.0 Refresh Token Flow", Salesforce Help). Sessions live `sessionSeconds` on the
 * sandbox clock; an unknown or expired token gets 401 INVALID_SESSION_ID.
 */
export const ORG_ID = makeId(KEY_PREFIXES.Organization ?? '00D', 1);

export interface AuthOptions {
  clientId: string;
  clientSecret: string;
  accessToken?: string | undefined;
  sessionSeconds: number;
  /** A second connected app whose client-credentials flow runs as an admin (setup rights); its static token likewise. */
  admin?: { clientId: string; clientSecret: string; accessToken?: string | undefined } | undefined;
  /** The admin sessions' user. */
  adminUserId?: () => string;
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

interface StoredSession extends Session {
  expiresAt: number;
}

const oauthError = (error: string, description: string): TokenResponse => ({
  status: 400,
  body: { error, error_description: description },
});

export class Sessions {
  private sessions = new Map<string, StoredSession>();
  private refreshTokens = new Map<string, string>();
  private staticExpired = false;

  constructor(
    private readonly clock: SandboxClock,
    private readonly store: SalesforceStore,
    private readonly opts: AuthOptions,
  ) {}

  /** The session's user id, or undefined for a missing, unknown or expired token. */
  authenticate(authorization: string | undefined): string | undefined {
    return this.session(authorization)?.userId;
  }

  /** Who the token runs as, or undefined for a missing, unknown or expired token. */
  session(authorization: string | undefined): Session | undefined {
    const match = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(authorization ?? '');
    const token = match?.[1]?.trim();
    if (!token) return undefined;
    if (this.opts.accessToken !== undefined && token === this.opts.accessToken) {
      return this.staticExpired ? undefined : { userId: this.store.integrationUserId(), admin: false };
    }
    if (this.opts.admin?.accessToken !== undefined && token === this.opts.admin.accessToken) {
      return this.staticExpired ? undefined : { userId: this.adminUserId(), admin: true };
    }
    const session = this.sessions.get(token);
    if (!session || session.expiresAt <= this.clock.now()) return undefined;
    return { userId: session.userId, admin: session.admin };
  }

  private adminUserId(): string {
    return this.opts.adminUserId ? this.opts.adminUserId() : this.store.integrationUserId();
  }

  /** What an admin revoking sessions (or Salesforce timing them out) looks like to a client. */
  expireAll(): void {
    this.sessions.clear();
    this.staticExpired = true;
  }

  /** A refresh token as the web-server flow would have issued it, for refresh_token grant tests. */
  issueRefreshToken(): string {
    const token = `5Aep861${randomBytes(24).toString('base64url')}`;
    this.refreshTokens.set(token, this.store.integrationUserId());
    return token;
  }

  reset(): void {
    this.staticExpired = false;
  }

  token(form: URLSearchParams, baseUrl: string): TokenResponse {
    const grant = form.get('grant_type');
    const clientOk = form.get('client_id') === this.opts.clientId && form.get('client_secret') === this.opts.clientSecret;
    switch (grant) {
      case 'client_credentials': {
        const admin = this.opts.admin;
        if (admin && form.get('client_id') === admin.clientId && form.get('client_secret') === admin.clientSecret) {
          return this.mint(this.adminUserId(), baseUrl, true);
        }
        if (!clientOk) return oauthError('invalid_client', 'invalid client credentials');
        return this.mint(this.store.integrationUserId(), baseUrl);
      }
      case 'refresh_token': {
        if (form.get('client_id') !== this.opts.clientId) return oauthError('invalid_client', 'invalid client credentials');
        const userId = this.refreshTokens.get(form.get('refresh_token') ?? '');
        if (!userId) return oauthError('invalid_grant', 'expired access/refresh token');
        return this.mint(userId, baseUrl);
      }
      case 'password': {
        if (!clientOk) return oauthError('invalid_client', 'invalid client credentials');
        const user = this.store.lookup('User', 'Username', form.get('username') ?? '')[0];
        if (!user || user.IsActive === false || !form.get('password')) {
          return oauthError('invalid_grant', 'authentication failure');
        }
        return this.mint(String(user.Id), baseUrl);
      }
      case null:
      case '':
        return oauthError('unsupported_grant_type', 'grant type not supported');
      default:
        return oauthError('unsupported_grant_type', 'grant type not supported');
    }
  }

  private mint(userId: string, baseUrl: string, admin = false): TokenResponse {
    const accessToken = `${ORG_ID.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
    const issuedAt = String(this.clock.now());
    this.sessions.set(accessToken, { userId, admin, expiresAt: this.clock.now() + this.opts.sessionSeconds * 1000 });
    const id = `${baseUrl}/id/${ORG_ID}/${userId}`;
    return {
      status: 200,
      body: {
        access_token: accessToken,
        signature: createHmac('sha256', this.opts.clientSecret).update(id + issuedAt).digest('base64'),
        scope: 'api',
        instance_url: baseUrl,
        id,
        token_type: 'Bearer',
        issued_at: issuedAt,
      },
    };
  }
}
