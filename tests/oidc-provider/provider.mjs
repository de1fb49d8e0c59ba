// A real OpenID Connect provider for mutu-oidc's tests, built on `oidc-provider` (the
// certified Node.js implementation that ProConnect's own federation software also builds on).
//
// Why: the crate's checks (state, nonce, PKCE, signatures, issuer, audience, expiry, userinfo)
// are only worth something if they are exercised against a provider that really issues codes,
// ID tokens and signed userinfo, and against tokens that are wrong in exactly one way.
//
// It behaves like ProConnect where mutu depends on it:
//   - endpoints /authorize, /token, /userinfo, /jwks, /session/end;
//   - scopes `openid email given_name usual_name siret` (and `profile` for other providers),
//     each giving its claim;
//   - confidential client `mutu` authenticated with `client_secret_post`, ID token and
//     userinfo signed with RS256 (userinfo answered as `application/jwt`);
//   - the authorize endpoint refuses any parameter ProConnect does not document, and a
//     `state` or `nonce` shorter than 32 characters;
//   - RP-initiated logout (`end_session_endpoint`) with `id_token_hint`, `state` and
//     `post_logout_redirect_uri`.
// A second client, `mutu-json`, gets its userinfo as plain JSON (as many Keycloaks do).
//
// Usage: node provider.mjs [PORT]      (PORT 0 or absent: any free port)
// Prints `READY http://127.0.0.1:PORT` on stdout once it listens; that URL is the issuer.
//
// Environment:
//   OP_PORT                        port, when not given as the argument
//   OP_CLIENT_ID, OP_CLIENT_SECRET the confidential client (defaults: mutu, a fixed test secret)
//   OP_REDIRECT_URIS               comma-separated redirect URIs of both clients
//                                  (default http://127.0.0.1:8080/oidc/retour)
//   OP_POST_LOGOUT_REDIRECT_URIS   comma-separated (default http://127.0.0.1:8080/oidc/deconnexion)
//   OP_PKCE=off                    do not advertise `code_challenge_methods_supported`, and
//                                  refuse `code_challenge` at /authorize (as ProConnect does)
//   OP_ID_TOKEN_TTL=SECONDS        lifetime of ID tokens (default one hour)
//   OP_TOKEN_DELAY_MS=MS           wait this long before answering /token (with a short TTL:
//                                  the ID token arrives already expired)
//   OP_ROTATION=1                  /jwks publishes only key k1 until `POST /test/rotate`; from
//                                  then on tokens are signed with a new key k2, published too
//   OP_ATTACK=MODE                 tamper with what the provider answers, one defect at a time:
//     id-token-foreign-key         ID token signed by a key that is not the provider's (same kid)
//     id-token-other-issuer        ID token whose `iss` is another issuer (signed by the provider)
//     id-token-other-audience      ID token whose `aud` is another client
//     id-token-extra-audience      ID token whose `aud` also lists an untrusted client
//     id-token-unsigned            ID token with `alg: none`
//     userinfo-foreign-key         userinfo JWT signed by a key that is not the provider's
//     userinfo-other-subject       userinfo JWT about another `sub` (signed by the provider)
//
// Headless login (no devInteractions): the authorize endpoint redirects to
// /interaction/UID; `GET /interaction/UID?account=ID` signs account ID in and grants every
// requested scope, then redirects to the resume URL, which redirects to the client's
// redirect_uri with `code` and `state`. Without `account`, the page shows a small form.
// Accounts: alice (SIRET 21590350100017), bob (no SIRET, family_name only: a non-ProConnect
// provider), carol (malformed SIRET), dave and erin (two agents of the EPCI 200043396), gina
// (an agent of the commune of Arras, SIREN 216200410).

import http from 'node:http';
import { randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';
import {
  SignJWT, UnsecuredJWT, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair,
} from 'jose';

const env = process.env;
const port = Number(process.argv[2] ?? env.OP_PORT ?? 0);
const clientId = env.OP_CLIENT_ID ?? 'mutu';
const clientSecret = env.OP_CLIENT_SECRET ?? 'secret-de-test-du-fournisseur-oidc-de-mutu-0123456789';
const list = (value, fallback) => (value ?? fallback).split(',').map((s) => s.trim()).filter(Boolean);
const redirectUris = list(env.OP_REDIRECT_URIS, 'http://127.0.0.1:8080/oidc/retour');
const postLogoutUris = list(env.OP_POST_LOGOUT_REDIRECT_URIS, 'http://127.0.0.1:8080/oidc/deconnexion');
const pkceAdvertised = env.OP_PKCE !== 'off';
const attack = env.OP_ATTACK ?? '';
const rotation = env.OP_ROTATION === '1';
const tokenDelay = Number(env.OP_TOKEN_DELAY_MS ?? 0);
const idTokenTtl = Number(env.OP_ID_TOKEN_TTL ?? 3600);

const ATTACKS = [
  '', 'id-token-foreign-key', 'id-token-other-issuer', 'id-token-other-audience',
  'id-token-extra-audience', 'id-token-unsigned', 'userinfo-foreign-key', 'userinfo-other-subject',
];
if (!ATTACKS.includes(attack)) {
  console.error(`unknown OP_ATTACK ${attack}; one of ${ATTACKS.filter(Boolean).join(', ')}`);
  process.exit(2);
}

const ACCOUNTS = {
  alice: { email: 'alice.martin@region-exemple.fr', given_name: 'Alice', usual_name: 'Martin', siret: '21590350100017' },
  bob: { email: 'bob.durand@exemple.fr', given_name: 'Bob', family_name: 'Durand' },
  carol: { email: 'carol@exemple.fr', given_name: 'Carol', usual_name: 'Petit', siret: '1234' },
  // Two agents of one EPCI of mutu's test wave (CA Maubeuge Val de Sambre, SIREN 200043396).
  dave: { email: 'dave.leroy@agglo-maubeuge.fr', given_name: 'Dave', usual_name: 'Leroy', siret: '20004339600012' },
  erin: { email: 'erin.roux@agglo-maubeuge.fr', given_name: 'Erin', usual_name: 'Roux', siret: '20004339600020' },
  // An agent of a commune (Arras, INSEE code 62041, SIREN 216200410): a commune's SIREN is
  // not its code, mutu finds it in the referential.
  gina: { email: 'gina.lefebvre@arras.fr', given_name: 'Gina', usual_name: 'Lefebvre', siret: '21620041000017' },
};

// Keys: k1 is the provider's; k2 its next one (rotation); `rogue` an attacker's, under k1's kid.
async function rsaKey(kid) {
  const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const publicJwk = { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: 'RS256', use: 'sig' };
  return { privateKey, jwk: { ...jwk, kid, alg: 'RS256', use: 'sig' }, publicJwk };
}
const k1 = await rsaKey('k1');
const k2 = rotation ? await rsaKey('k2') : undefined;
const rogue = attack.endsWith('foreign-key') ? await rsaKey('k1') : undefined;
let rotated = false;

// Listen first, so that the issuer carries the real port even when port 0 was asked for.
let handler = (_req, res) => { res.statusCode = 503; res.end(); };
const server = http.createServer((req, res) => handler(req, res));
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'RS256',
      userinfo_signed_response_alg: 'RS256',
    },
    {
      client_id: `${clientId}-json`,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [k1.jwk] },
  scopes: ['openid', 'email', 'given_name', 'usual_name', 'siret', 'profile'],
  claims: {
    openid: ['sub'],
    email: ['email'],
    given_name: ['given_name'],
    usual_name: ['usual_name'],
    siret: ['siret'],
    profile: ['given_name', 'family_name'],
  },
  async findAccount(_ctx, id) {
    const account = ACCOUNTS[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
  features: {
    devInteractions: { enabled: false },
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: { enabled: true },
    revocation: { enabled: false },
    introspection: { enabled: false },
  },
  routes: {
    authorization: '/authorize',
    token: '/token',
    userinfo: '/userinfo',
    jwks: '/jwks',
    end_session: '/session/end',
  },
  pkce: { required: () => false },
  ttl: {
    IdToken: idTokenTtl, AccessToken: 3600, AuthorizationCode: 60, Grant: 3600, Interaction: 3600, Session: 3600,
  },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});

// The parameters ProConnect's authorize endpoint accepts; anything else is refused there.
const AUTHORIZE_PARAMS = new Set([
  'response_type', 'client_id', 'redirect_uri', 'scope', 'claims', 'state', 'nonce', 'prompt',
  'idp_hint', 'acr_values',
  ...(pkceAdvertised ? ['code_challenge', 'code_challenge_method'] : []),
]);

async function resign(jwt, change, key) {
  const header = decodeProtectedHeader(jwt);
  const claims = decodeJwt(jwt);
  change(claims);
  if (key === 'none') return new UnsecuredJWT(claims).encode();
  return new SignJWT(claims).setProtectedHeader({ ...header, kid: key.publicJwk.kid }).sign(key.privateKey);
}

async function tamperIdToken(idToken) {
  switch (attack) {
    case 'id-token-foreign-key': return resign(idToken, () => {}, rogue);
    case 'id-token-other-issuer': return resign(idToken, (c) => { c.iss = `${issuer}/autre`; }, k1);
    case 'id-token-other-audience': return resign(idToken, (c) => { c.aud = 'autre-client'; }, k1);
    case 'id-token-extra-audience': return resign(idToken, (c) => { c.aud = [clientId, 'autre-client']; }, k1);
    case 'id-token-unsigned': return resign(idToken, () => {}, 'none');
    default: return rotated ? resign(idToken, () => {}, k2) : idToken;
  }
}

async function tamperUserinfo(jwt) {
  switch (attack) {
    case 'userinfo-foreign-key': return resign(jwt, () => {}, rogue);
    case 'userinfo-other-subject': return resign(jwt, (c) => { c.sub = 'mallory'; }, k1);
    default: return rotated ? resign(jwt, () => {}, k2) : jwt;
  }
}

provider.use(async (ctx, next) => {
  if (ctx.path === '/authorize' && ctx.method === 'GET') {
    const unknown = Object.keys(ctx.query).filter((name) => !AUTHORIZE_PARAMS.has(name));
    const short = ['state', 'nonce'].filter((name) => String(ctx.query[name] ?? '').length < 32);
    if (unknown.length || short.length) {
      ctx.status = 400;
      ctx.body = { error: 'Y000400', error_description: `Bad Request Exception: ${[...unknown, ...short].join(', ')}` };
      return;
    }
  }
  if (ctx.path === '/test/rotate' && ctx.method === 'POST' && rotation) {
    rotated = true;
    ctx.status = 204;
    return;
  }
  await next();
  if (ctx.path === '/.well-known/openid-configuration' && !pkceAdvertised) {
    delete ctx.body.code_challenge_methods_supported;
  }
  if (ctx.path === '/jwks' && ctx.status === 200) {
    ctx.body = { keys: rotated ? [k1.publicJwk, k2.publicJwk] : [k1.publicJwk] };
  }
  if (ctx.path === '/token' && ctx.status === 200 && ctx.body?.id_token) {
    ctx.body.id_token = await tamperIdToken(ctx.body.id_token);
    if (tokenDelay) await new Promise((resolve) => setTimeout(resolve, tokenDelay));
  }
  if (ctx.path === '/userinfo' && ctx.status === 200 && typeof ctx.body === 'string') {
    ctx.body = await tamperUserinfo(ctx.body);
    ctx.type = 'application/jwt';
  }
});

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The login and consent "interaction", without any user interface to drive.
async function interaction(req, res) {
  const url = new URL(req.url, issuer);
  let account = url.searchParams.get('account');
  if (req.method === 'POST') {
    const body = await new Promise((resolve) => {
      let data = '';
      req.on('data', (chunk) => { data += chunk; });
      req.on('end', () => resolve(data));
    });
    account = new URLSearchParams(body).get('account');
  }
  const details = await provider.interactionDetails(req, res);
  if (!account) {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    const options = Object.keys(ACCOUNTS).map((id) => `<option>${escape(id)}</option>`).join('');
    res.end(`<!doctype html><title>Connexion de test</title><form method="post">
      <label>Compte <select name="account">${options}</select></label>
      <button>Se connecter</button></form>`);
    return;
  }
  if (!ACCOUNTS[account]) {
    res.statusCode = 400;
    res.end(`unknown account ${account}`);
    return;
  }
  const accountId = details.session?.accountId ?? account;
  const grant = details.grantId
    ? await provider.Grant.find(details.grantId)
    : new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(String(details.params.scope ?? 'openid'));
  const grantId = await grant.save();
  const result = { login: { accountId }, consent: { grantId } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

const callback = provider.callback();
handler = (req, res) => {
  if (req.url.startsWith('/interaction/')) {
    interaction(req, res).catch((err) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  } else {
    callback(req, res);
  }
};

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
console.log(`READY ${issuer}`);
