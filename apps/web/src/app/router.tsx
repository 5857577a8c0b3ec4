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
                element: <RequirePermission permission="supplier:self" />,
                children: [
                  {
                    path: 'supplier',
                    lazy: () =>
                      import('./routes/supplier-route').then((m) => ({
                        Component: m.SupplierRoute,
                      })),
                  },
                  {
                    path: 'supplier/api-keys',
                    lazy: () =>
                      import('./routes/api-keys-route').then((m) => ({
                        Component: m.ApiKeysRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="supplier:read" />,
                children: [
                  {
                    path: 'suppliers',
                    lazy: () =>
                      import('./routes/suppliers-route').then((m) => ({
                        Component: m.SuppliersRoute,
                      })),
                  },
                  {
                    path: 'suppliers/:id',
                    lazy: () =>
                      import('./routes/supplier-detail-route').then((m) => ({
                        Component: m.SupplierDetailRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission={['supplier:read', 'supplier:self']} />,
                children: [
                  {
                    path: 'ingredients',
                    lazy: () =>
                      import('./routes/ingredients-route').then((m) => ({
                        Component: m.IngredientsRoute,
                      })),
                  },
                  {
                    path: 'contracts',
                    lazy: () =>
                      import('./routes/contracts-route').then((m) => ({
                        Component: m.ContractsRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission={['delivery:read', 'supplier:self']} />,
                children: [
                  {
                    path: 'purchase-orders',
                    lazy: () =>
                      import('./routes/purchase-orders-route').then((m) => ({
                        Component: m.PurchaseOrdersRoute,
                      })),
                  },
                  {
                    path: 'deliveries',
                    lazy: () =>
                      import('./routes/deliveries-route').then((m) => ({
                        Component: m.DeliveriesRoute,
                      })),
                  },
                  {
                    path: 'deliveries/:id',
                    lazy: () =>
                      import('./routes/delivery-route').then((m) => ({
                        Component: m.DeliveryRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="delivery:submit" />,
                children: [
                  {
                    path: 'deliveries/new',
                    lazy: () =>
                      import('./routes/manifest-upload-route').then((m) => ({
                        Component: m.ManifestUploadRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="delivery:accept" />,
                children: [
                  {
                    path: 'deliveries/:id/accept',
                    lazy: () =>
                      import('./routes/acceptance-route').then((m) => ({
                        Component: m.AcceptanceRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="trace:read" />,
                children: [
                  {
                    path: 'trace',
                    lazy: () =>
                      import('./routes/trace-route').then((m) => ({ Component: m.TraceRoute })),
                  },
                ],
              },
              { path: '*', element: <NotFound /> },
            ],
          },
        ],
      },
    ],
  },
]);
