import type { Queryable } from '../db/db';
import type { StoredDocument } from './documents';

export type DocumentKind = 'state' | 'activity-profile' | 'agent-profile';

/** Where documents live: a kind and the key columns it uses ('' for the ones it does not). */
export interface DocumentScope {
  kind: DocumentKind;
  activityId: string;
  agentKey: string;
  /** '' for a state without registration; null (lists and deletes of State only) for any registration. */
  registration: string | null;
}

const SCOPE = 'kind = $1 AND activity_id = $2 AND agent_key = $3 AND ($4::text IS NULL OR registration = $4)';
const scopeParams = (s: DocumentScope) => [s.kind, s.activityId, s.agentKey, s.registration];

type Row = { content: Uint8Array; content_type: string; sha1: string; updated: Date };
const toDocument = (row: Row): StoredDocument => ({
  content: Buffer.from(row.content.buffer, row.content.byteOffset, row.content.byteLength),
  contentType: row.content_type,
  sha1: row.sha1,
  updated: new Date(row.updated),
});

export async function readDocument(db: Queryable, scope: DocumentScope, id: string): Promise<StoredDocument | null> {
  const r = await db.query<Row>(`SELECT content, content_type, sha1, updated FROM xapi_documents WHERE ${SCOPE} AND document_id = $5`, [...scopeParams(scope), id]);
  return r.rows[0] ? toDocument(r.rows[0]) : null;
}

/** The lock that makes read-check-write of one document atomic against a concurrent writer. */
export async function lockDocument(tx: Queryable, scope: DocumentScope, id: string): Promise<StoredDocument | null> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [JSON.stringify([...scopeParams(scope), id])]);
  return readDocument(tx, scope, id);
}

export async function writeDocument(tx: Queryable, scope: DocumentScope, id: string, doc: StoredDocument): Promise<void> {
  await tx.query(
    `INSERT INTO xapi_documents (kind, activity_id, agent_key, registration, document_id, content, content_type, sha1, updated)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (kind, activity_id, agent_key, registration, document_id)
     DO UPDATE SET content = excluded.content, content_type = excluded.content_type, sha1 = excluded.sha1, updated = excluded.updated`,
    [scope.kind, scope.activityId, scope.agentKey, scope.registration ?? '', id, doc.content, doc.contentType, doc.sha1, doc.updated.toISOString()],
  );
}

/** Ids of the documents in a scope, optionally only those updated after `since`. */
export async function listDocumentIds(db: Queryable, scope: DocumentScope, since: string | null): Promise<{ ids: string[]; lastUpdated: Date | null }> {
  const r = await db.query<{ document_id: string; updated: Date }>(
    `SELECT document_id, updated FROM xapi_documents WHERE ${SCOPE} AND ($5::timestamptz IS NULL OR updated > $5::timestamptz) ORDER BY document_id`,
    [...scopeParams(scope), since],
  );
  const lastUpdated = r.rows.reduce<Date | null>((latest, row) => (latest === null || new Date(row.updated) > latest ? new Date(row.updated) : latest), null);
  return { ids: r.rows.map((row) => row.document_id), lastUpdated };
}

/** Deletes one document, or with id null every document of the scope (the State resource's multiple delete). */
export async function deleteDocuments(db: Queryable, scope: DocumentScope, id: string | null): Promise<void> {
  await db.query(`DELETE FROM xapi_documents WHERE ${SCOPE} AND ($5::text IS NULL OR document_id = $5)`, [...scopeParams(scope), id]);
}
