// The typed client of the Fabriques de Territoire API, for frontend teams: one openapi-fetch client per service,
// typed by the paths and schemas generated from docs/openapi/*.json, all through the gateway.
import createClient, { type Client, type ClientOptions, type Middleware } from 'openapi-fetch';
import type * as Candidature from './generated/candidature.js';
import type * as Directory from './generated/directory.js';
import type * as Grants from './generated/grants.js';
import type * as Notification from './generated/notification.js';

export type { Candidature, Directory, Grants, Notification };

/** The schemas of each service's document, by name: `Schemas['candidature']['CandidatureResponse']`. */
export interface Schemas {
  directory: Directory.components['schemas'];
  candidature: Candidature.components['schemas'];
  grants: Grants.components['schemas'];
  notification: Notification.components['schemas'];
}

/** An RFC 9457 problem: every error answer of every service (`errors` names each field and rule on a 400). */
export type Problem = Directory.components['schemas']['ProblemDetails'];

/** The roles a token may carry (its `role` claim). */
export type Role = 'porteur' | 'instructeur' | 'gestionnaire' | 'partenaire';

export interface FabriquesClientOptions {
  /** The gateway's address: `http://localhost:5080` in Development. */
  baseUrl: string;
  /** The bearer token, or a function giving the current one before each request (none: anonymous). */
  token?: string | (() => string | undefined | Promise<string | undefined>);
  /** Another fetch (tests, server-side rendering); the global one by default. */
  fetch?: ClientOptions['fetch'];
}

export interface FabriquesClient {
  /** `/api/directory`: places, their stats, imports and exports. */
  directory: Client<Directory.paths>;
  /** `/api/candidatures`: waves, candidatures, their workflow, opinions and documents. */
  candidatures: Client<Candidature.paths>;
  /** `/api/grants`: the programme's envelope, grants and their instalments. */
  grants: Client<Grants.paths>;
  /** `/api/notifications`: e-mails sent, webhook subscriptions, the event feed. */
  notifications: Client<Notification.paths>;
}

/** One client per service, each sending the token (when there is one) as `Authorization: Bearer`. */
export function createFabriquesClient(options: FabriquesClientOptions): FabriquesClient {
  const authorization: Middleware = {
    async onRequest({ request }) {
      const token = typeof options.token === 'function' ? await options.token() : options.token;
      if (token) {
        request.headers.set('Authorization', `Bearer ${token}`);
      }
      return request;
    },
  };
  const settings: ClientOptions = { baseUrl: options.baseUrl, ...(options.fetch ? { fetch: options.fetch } : {}) };
  const client = <Paths extends {}>(): Client<Paths> => {
    const created = createClient<Paths>(settings);
    created.use(authorization);
    return created;
  };
  return {
    directory: client<Directory.paths>(),
    candidatures: client<Candidature.paths>(),
    grants: client<Grants.paths>(),
    notifications: client<Notification.paths>(),
  };
}

/** Who a development token is for: its subject, roles and, for an instructeur, régions (none: national). */
export interface DevelopmentUser {
  sub: string;
  roles: Role[];
  name?: string;
  email?: string;
  regions?: string[];
}

/**
 * A token from the gateway's `POST /dev/token`, which exists in Development only (production tokens come from the
 * identity provider): for local work and tests.
 */
export async function developmentToken(baseUrl: string, user: DevelopmentUser, fetchImpl: typeof fetch = fetch): Promise<string> {
  const response = await fetchImpl(new URL('/dev/token', baseUrl), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: user.sub, email: `${user.sub}@example.org`, ...user }),
  });
  if (!response.ok) {
    throw new Error(`POST /dev/token answered ${response.status}: ${await response.text()}`);
  }
  const { accessToken } = (await response.json()) as { accessToken: string };
  return accessToken;
}
