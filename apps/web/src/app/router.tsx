import { createBrowserRouter } from 'react-router';
import { FullPageSpin } from '@/components/layout/full-page-spin';
import { NotFound, RouteError } from '@/components/layout/route-error';
import { HomeRedirect, RequirePermission, RequireSession } from './routes/guards';

/** Pages load as their own chunks; the shell (guards, layout) is in the entry chunk. */
export const router = createBrowserRouter([
  {
    errorElement: <RouteError />,
    HydrateFallback: FullPageSpin,
    children: [
      {
        path: '/login',
        lazy: () => import('./routes/login-route').then((m) => ({ Component: m.LoginRoute })),
      },
      {
        element: <RequireSession allowPendingPassword />,
        children: [
          {
            path: '/change-password',
            lazy: () =>
              import('./routes/change-password-route').then((m) => ({
                Component: m.ChangePasswordRoute,
              })),
          },
        ],
      },
      {
        path: '/',
        element: <RequireSession />,
        children: [
          {
            lazy: () =>
              import('./routes/console-layout').then((m) => ({ Component: m.ConsoleLayout })),
            children: [
              { index: true, element: <HomeRedirect /> },
              {
                path: 'org/:id',
                lazy: () =>
                  import('./routes/org-unit-route').then((m) => ({ Component: m.OrgUnitRoute })),
              },
              {
                path: 'connection-rate/:id?',
                lazy: () =>
                  import('./routes/connection-rate-route').then((m) => ({
                    Component: m.ConnectionRateRoute,
                  })),
              },
              {
                element: <RequirePermission permission="user:read" />,
                children: [
                  {
                    path: 'accounts',
                    lazy: () =>
                      import('./routes/accounts-route').then((m) => ({
                        Component: m.AccountsRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="audit:read" />,
                children: [
                  {
                    path: 'audit',
                    lazy: () =>
                      import('./routes/audit-route').then((m) => ({ Component: m.AuditRoute })),
                  },
                ],
              },
              {
                path: 'supplier',
                lazy: () =>
                  import('./routes/supplier-route').then((m) => ({ Component: m.SupplierRoute })),
              },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);
