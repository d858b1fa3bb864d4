import type { View } from '../query';
import { AuditLogPage } from './AuditLogPage';
import { EnrollmentCodesPage } from './EnrollmentCodesPage';
import { LrsKeysPage } from './LrsKeysPage';
import { RequirementsPage } from './RequirementsPage';
import { RosterPage } from './RosterPage';
import { SitesPage } from './SitesPage';
import { UsersPage } from './UsersPage';

/** The admin area's setup pages (admins only; each calls the admin HTTP API with the session). */
export function AdminPage({ view }: { view: View }) {
  switch (view) {
    case 'sites':
      return <SitesPage />;
    case 'roster':
      return <RosterPage />;
    case 'requirements':
      return <RequirementsPage role="admin" />;
    case 'users':
      return <UsersPage />;
    case 'lrs-keys':
      return <LrsKeysPage />;
    case 'enrollment':
      return <EnrollmentCodesPage />;
    case 'audit':
      return <AuditLogPage />;
    default:
      return null;
  }
}
