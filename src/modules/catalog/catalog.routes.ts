import { defineRoute, type RouteDefinition } from '../../server/http/route.ts';
import { ServiceListSchema, type ServiceSummary } from './contract.ts';

export interface ServiceDirectory {
  listServices(): Promise<ServiceSummary[]>;
}

/** The service catalog API. Until catalog sources and telemetry are wired in, the list is empty. */
export function catalogRoutes(directory: ServiceDirectory): RouteDefinition[] {
  return [
    defineRoute({
      method: 'GET',
      url: '/api/v1/services',
      summary: 'List services (declared in the catalog and seen in telemetry)',
      tags: ['catalog'],
      auth: 'read',
      response: { status: 200, description: 'Services by name', schema: ServiceListSchema },
      handler: async () => ({ items: await directory.listServices() }),
    }),
  ];
}
