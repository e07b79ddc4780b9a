// The reference for bench/token.sh: panva's oidc-provider (a certified Node provider) with its
// in-memory store, opaque access tokens and one client_credentials client like Harmony's development back end. Installed by the scripts into a scratch folder
// (never into the repository); binds to 127.0.0.1 only.
//   node oidc-provider.mjs PORT
import Provider from 'oidc-provider';

const port = Number(process.argv[2] ?? 5280);
const issuer = `http://127.0.0.1:${port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'harmony-dev-service',
      client_secret: 'dev-service-secret-change-me',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'harmony_admin',
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  scopes: ['openid', 'profile', 'harmony_admin'],
  features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
  ttl: { ClientCredentials: 300 },
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id }) }),
});
provider.proxy = false;
// Plain http on loopback: the reference must not spend time on TLS either.
provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
