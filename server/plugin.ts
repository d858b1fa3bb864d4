import type { FastifyPluginAsync } from 'fastify';

/**
 * Marks a plugin as not encapsulated (what the fastify-plugin package does), for the few plugins
 * whose decorators every other plugin needs: db and auth.
 */
export function shared<T extends FastifyPluginAsync<any>>(plugin: T, name: string): T {
  Object.assign(plugin, { [Symbol.for('skip-override')]: true, [Symbol.for('fastify.display-name')]: name });
  return plugin;
}
