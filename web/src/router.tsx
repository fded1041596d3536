import { createBrowserRouter, Navigate } from 'react-router';
import { AuthGate } from './auth/auth-gate.tsx';
import { RouteError } from './layout/route-error.tsx';
import { StartupScreen } from './layout/startup-screen.tsx';

/**
 * Creates the router. Every view is a URL. Pages are loaded on demand through `lazy`, so each area
 * is its own chunk; the shell (gate, layout, sign-in) is in the entry chunk. The router reads the
 * address bar when created, so create it only after `captureLoginToken`.
 */
export function createAppRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <AuthGate />,
      HydrateFallback: StartupScreen,
      errorElement: <RouteError />,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            {
              index: true,
              lazy: () => import('./pages/home/home-page.tsx').then((m) => ({ Component: m.HomePage })),
            },
            // `cairn up` prints /login?token=…; main.tsx takes the token before the router starts.
            { path: 'login', element: <Navigate to="/" replace /> },
            {
              path: 'services',
              lazy: () =>
                import('./pages/catalog/catalog-page.tsx').then((m) => ({ Component: m.CatalogPage })),
            },
            {
              path: 'services/:name',
              lazy: () =>
                import('./pages/services/service-page.tsx').then((m) => ({ Component: m.ServicePage })),
            },
            {
              path: 'map',
              lazy: () =>
                import('./pages/service-map/service-map-page.tsx').then((m) => ({
                  Component: m.ServiceMapPage,
                })),
            },
            {
              path: 'incidents',
              lazy: () =>
                import('./pages/incidents/incidents-page.tsx').then((m) => ({ Component: m.IncidentsPage })),
            },
            {
              path: 'incidents/:id',
              lazy: () =>
                import('./pages/incidents/incident-page.tsx').then((m) => ({ Component: m.IncidentPage })),
            },
            {
              path: 'runbooks',
              lazy: () =>
                import('./pages/runbooks/runbooks-page.tsx').then((m) => ({ Component: m.RunbooksPage })),
            },
            {
              path: 'runbooks/:id',
              lazy: () =>
                import('./pages/runbooks/runbook-page.tsx').then((m) => ({ Component: m.RunbookPage })),
            },
            {
              path: 'logs',
              lazy: () => import('./pages/logs/logs-page.tsx').then((m) => ({ Component: m.LogsPage })),
            },
            {
              path: 'traces',
              lazy: () => import('./pages/traces/traces-page.tsx').then((m) => ({ Component: m.TracesPage })),
            },
            {
              path: 'traces/:traceId',
              lazy: () => import('./pages/traces/trace-page.tsx').then((m) => ({ Component: m.TracePage })),
            },
            {
              path: 'create',
              lazy: () => import('./pages/create/create-page.tsx').then((m) => ({ Component: m.CreatePage })),
            },
            {
              path: 'create/tasks/:id',
              lazy: () => import('./pages/create/task-page.tsx').then((m) => ({ Component: m.TaskPage })),
            },
            {
              path: 'create/:name',
              lazy: () =>
                import('./pages/create/template-form-page.tsx').then((m) => ({
                  Component: m.TemplateFormPage,
                })),
            },
            {
              path: 'changes',
              lazy: () =>
                import('./pages/changes/changes-page.tsx').then((m) => ({ Component: m.ChangesPage })),
            },
            {
              path: 'scorecards',
              lazy: () =>
                import('./pages/policy/scorecards-page.tsx').then((m) => ({ Component: m.ScorecardsPage })),
            },
            {
              path: 'cost',
              lazy: () => import('./pages/cost/cost-page.tsx').then((m) => ({ Component: m.CostPage })),
            },
            {
              path: 'capacity',
              lazy: () =>
                import('./pages/capacity/capacity-page.tsx').then((m) => ({ Component: m.CapacityPage })),
            },
            {
              path: 'dora',
              lazy: () => import('./pages/dora/dora-page.tsx').then((m) => ({ Component: m.DoraPage })),
            },
            {
              path: 'feedback',
              lazy: () =>
                import('./pages/feedback/feedback-page.tsx').then((m) => ({ Component: m.FeedbackPage })),
            },
            {
              path: 'catalog/errors',
              lazy: () =>
                import('./pages/catalog/catalog-errors-page.tsx').then((m) => ({
                  Component: m.CatalogErrorsPage,
                })),
            },
            {
              path: 'alerts',
              lazy: () => import('./pages/alerts/alerts-page.tsx').then((m) => ({ Component: m.AlertsPage })),
            },
            {
              path: 'alerts/silences',
              lazy: () =>
                import('./pages/alerts/silences-page.tsx').then((m) => ({ Component: m.SilencesPage })),
            },
            {
              path: 'alerts/noise',
              lazy: () =>
                import('./pages/alerts/alert-noise-page.tsx').then((m) => ({ Component: m.AlertNoisePage })),
            },
            {
              path: 'actions/:id/run',
              lazy: () =>
                import('./pages/actions/run-action-page.tsx').then((m) => ({ Component: m.RunActionPage })),
            },
            {
              path: 'runs/:id',
              lazy: () => import('./pages/actions/run-page.tsx').then((m) => ({ Component: m.RunPage })),
            },
            {
              path: 'approvals',
              lazy: () =>
                import('./pages/actions/approvals-page.tsx').then((m) => ({ Component: m.ApprovalsPage })),
            },
            {
              path: 'audit',
              lazy: () => import('./pages/audit/audit-page.tsx').then((m) => ({ Component: m.AuditPage })),
            },
            {
              path: 'settings',
              lazy: () =>
                import('./pages/settings/settings-page.tsx').then((m) => ({ Component: m.SettingsPage })),
            },
            {
              path: 'settings/tokens',
              lazy: () =>
                import('./pages/settings/tokens-page.tsx').then((m) => ({ Component: m.TokensPage })),
            },
            {
              path: 'settings/config',
              lazy: () =>
                import('./pages/settings/config-sources-page.tsx').then((m) => ({
                  Component: m.ConfigSourcesPage,
                })),
            },
            {
              path: 'settings/integrations',
              lazy: () =>
                import('./pages/settings/integrations-page.tsx').then((m) => ({
                  Component: m.IntegrationsPage,
                })),
            },
            {
              path: '*',
              lazy: () => import('./pages/not-found-page.tsx').then((m) => ({ Component: m.NotFoundPage })),
            },
          ],
        },
      ],
    },
  ]);
}
