import fp from 'fastify-plugin';
import { z } from 'zod';
import { HttpError } from '../errors';
import { adminRoutes, type ZodApp } from '../plugins/route-scopes';
import { certificationInput, listCertifications, putCertification, retireCertification } from './certifications';
import { credentialsOfWorkers, revokeCredential, revokedIndexes } from './credential-store';
import { downloadsPlugin } from './downloads-plugin';
import { didDocument, ensureIssuerKey, issuerIdentity, jwks, notConfigured, publicKeys } from './issuer-key';
import { issueCredentials, type IssuerContext } from './issue';
import { statusListCredential } from './status-list';
import { signCredential } from './vc-jose';
import { verifyCredential } from './verify';
import { VERIFY_CSP, verifyPage } from './verify-page';

declare module 'fastify' {
  interface FastifyInstance {
    /** Issues the credentials now due for these workers (after their statements were stored). */
    issueCredentialsFor(employeeIds: string[]): Promise<{ issued: number }>;
    credentialIssuer: IssuerContext;
  }
}

export interface CredentialsOptions {
  publicUrl: string;
  now: () => Date;
  /** AES-256 key that encrypts the issuer's private key at rest; without it nothing is signed. */
  keyEncryptionKey?: Buffer;
  issuerName?: string;
}

const credentialIdParam = z.object({ id: z.string().describe('the credential id (a UUID, the last part of its verify URL)') });
const verifyQuery = z.object({ format: z.enum(['html', 'json']).default('html') }).strict();

/**
 * Certifications and their Open Badges 3.0 credentials: admin definitions and revocation, the
 * issuer's keys (JWKS, did:web), the revocation status list and the public verify page.
 */
export const credentialsPlugin = fp<CredentialsOptions>(
  async (app, opts) => {
    const identity = issuerIdentity(opts.publicUrl, opts.issuerName);
    const issuer: IssuerContext = { identity, key: null };
    // Setup: the first start with a credential key generates the issuer key. When the app is ready, not
    // here: serve registers the routes while the database is still opening (every request waits for ready).
    const kek = opts.keyEncryptionKey;
    if (kek) {
      app.addHook('onReady', async () => {
        issuer.key = await ensureIssuerKey(app.db, kek);
      });
    }
    app.decorate('credentialIssuer', issuer);
    app.decorate('issueCredentialsFor', (employeeIds: string[]) => issueCredentials(app.db, issuer, opts.now(), employeeIds));
    const zapp = app as unknown as ZodApp;

    zapp.get('/.well-known/jwks.json', { schema: { tags: ['credentials'], description: "The issuer's public signing keys (JWKS)" } }, async () => jwks(await publicKeys(app.db), identity));
    zapp.get('/.well-known/did.json', { schema: { tags: ['credentials'], description: 'The did:web DID document of the issuer' } }, async (_req, reply) =>
      reply.type('application/did+json').send(didDocument(await publicKeys(app.db), identity)),
    );
    zapp.get(
      '/credentials/status/:list',
      { schema: { tags: ['credentials'], description: 'Revocation list: a BitstringStatusListCredential secured as vc+jwt', params: z.object({ list: z.coerce.number().int().min(0).max(100_000) }) } },
      async (req, reply) => {
        if (!issuer.key) throw notConfigured();
        const credential = statusListCredential(identity, req.params.list, await revokedIndexes(app.db, req.params.list), opts.now());
        return reply.type('application/vc+jwt').header('cache-control', 'no-cache').send(await signCredential(credential, issuer.key, identity));
      },
    );
    zapp.get(
      '/verify/:id',
      { schema: { tags: ['credentials'], description: 'Public verification of a credential: HTML, or ?format=json', params: credentialIdParam, querystring: verifyQuery } },
      async (req, reply) => {
        const v = await verifyCredential(app.db, identity, req.params.id, opts.now());
        reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
        if (req.query.format === 'json') return reply.code(v.status === 'not-found' ? 404 : 200).send(v);
        return reply
          .code(v.status === 'not-found' ? 404 : 200)
          .header('content-security-policy', VERIFY_CSP)
          .header('x-frame-options', 'DENY')
          .type('text/html; charset=utf-8')
          .send(verifyPage(v));
      },
    );

    await app.register(downloadsPlugin, { issuer: identity, now: opts.now });

    adminRoutes(zapp, (admin) => {
      admin.get('/api/v1/admin/certifications', async () => ({ certifications: await listCertifications(app.db) }));
      admin.put('/api/v1/admin/certifications', { schema: { body: certificationInput.describe('certification') } }, async (req) => {
        await putCertification(app.db, req.body);
        return { id: req.body.id, ...(await issueCredentials(app.db, issuer, opts.now(), null)) };
      });
      admin.delete('/api/v1/admin/certifications/:id', { schema: { params: z.object({ id: z.string() }) } }, async (req) => {
        await retireCertification(app.db, req.params.id);
        return { id: req.params.id, retired: true };
      });
      admin.post(
        '/api/v1/admin/credentials/issue',
        { schema: { body: z.object({ employeeIds: z.array(z.string().min(1)).max(100_000).optional() }).strict().describe('whose credentials to issue; all workers when absent') } },
        async (req) => {
          if (!issuer.key) throw notConfigured();
          return issueCredentials(app.db, issuer, opts.now(), req.body.employeeIds ?? null);
        },
      );
      admin.get('/api/v1/admin/credentials', { schema: { querystring: z.object({ employeeId: z.string().min(1) }).strict() } }, async (req) => ({
        credentials: (await credentialsOfWorkers(app.db, [req.query.employeeId])).map(({ jws: _jws, ...c }) => c),
      }));
      admin.post(
        '/api/v1/admin/credentials/:id/revoke',
        { schema: { params: credentialIdParam, body: z.object({ reason: z.string().trim().min(3, 'give the reason for the audit trail (at least 3 characters)').max(500) }).strict() } },
        async (req) => {
          const principal = req.principal;
          if (principal?.kind !== 'admin') throw new HttpError(403, 'admin-only', 'only an admin may revoke a credential');
          const revoked = await revokeCredential(app.db, req.params.id, req.body.reason, `admin:${principal.tokenId}`, opts.now());
          req.log.info({ credentialId: revoked.id, by: principal.tokenId }, 'credential revoked');
          return { id: revoked.id, revokedAt: revoked.revokedAt, reason: revoked.revokedReason };
        },
      );
    });
  },
  { name: 'credentials', dependencies: ['db'] },
);
