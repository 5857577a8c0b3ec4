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
            // The printable menu stands outside the console frame: only the A4 sheet is printed.
            element: <RequirePermission permission="menu:read" />,
            children: [
              {
                path: 'menus/print/:id',
                lazy: () =>
                  import('./routes/menu-print-route').then((m) => ({
                    Component: m.MenuPrintRoute,
                  })),
              },
            ],
          },
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
              {
                element: <RequirePermission permission="stock:read" />,
                children: [
                  {
                    path: 'ledger/balances',
                    lazy: () =>
                      import('./routes/ledger-balances-route').then((m) => ({
                        Component: m.LedgerBalancesRoute,
                      })),
                  },
                  {
                    path: 'ledger/movements',
                    lazy: () =>
                      import('./routes/ledger-movements-route').then((m) => ({
                        Component: m.LedgerMovementsRoute,
                      })),
                  },
                  {
                    path: 'ledger/stocktakes',
                    lazy: () =>
                      import('./routes/ledger-stocktakes-route').then((m) => ({
                        Component: m.LedgerStocktakesRoute,
                      })),
                  },
                  {
                    path: 'ledger/stocktakes/:id',
                    lazy: () =>
                      import('./routes/ledger-stocktake-route').then((m) => ({
                        Component: m.LedgerStocktakeRoute,
                      })),
                  },
                  {
                    path: 'ledger/costs',
                    lazy: () =>
                      import('./routes/ledger-costs-route').then((m) => ({
                        Component: m.LedgerCostsRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="stock:write" />,
                children: [
                  {
                    path: 'ledger/stock-in',
                    lazy: () =>
                      import('./routes/ledger-stock-in-route').then((m) => ({
                        Component: m.LedgerStockInRoute,
                      })),
                  },
                  {
                    path: 'ledger/stock-out',
                    lazy: () =>
                      import('./routes/ledger-stock-out-route').then((m) => ({
                        Component: m.LedgerStockOutRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="ledger:verify" />,
                children: [
                  {
                    path: 'ledger/verify',
                    lazy: () =>
                      import('./routes/ledger-verify-route').then((m) => ({
                        Component: m.LedgerVerifyRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="menu:read" />,
                children: [
                  {
                    path: 'menus/plans',
                    lazy: () =>
                      import('./routes/menu-plans-route').then((m) => ({
                        Component: m.MenuPlansRoute,
                      })),
                  },
                  {
                    path: 'menus/dishes',
                    lazy: () =>
                      import('./routes/menu-dishes-route').then((m) => ({
                        Component: m.MenuDishesRoute,
                      })),
                  },
                  {
                    path: 'menus/production',
                    lazy: () =>
                      import('./routes/menu-production-route').then((m) => ({
                        Component: m.MenuProductionRoute,
                      })),
                  },
                  {
                    path: 'menus/execution',
                    lazy: () =>
                      import('./routes/menu-execution-route').then((m) => ({
                        Component: m.MenuExecutionRoute,
                      })),
                  },
                  {
                    path: 'menus/purchase',
                    lazy: () =>
                      import('./routes/menu-purchase-route').then((m) => ({
                        Component: m.MenuPurchaseRoute,
                      })),
                  },
                  {
                    path: 'nutrition/targets',
                    lazy: () =>
                      import('./routes/nutrition-targets-route').then((m) => ({
                        Component: m.NutritionTargetsRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="alert:read" />,
                children: [
                  {
                    path: 'alerts',
                    lazy: () =>
                      import('./routes/alerts-route').then((m) => ({ Component: m.AlertsRoute })),
                  },
                  {
                    path: 'alerts/:id',
                    lazy: () =>
                      import('./routes/alert-route').then((m) => ({ Component: m.AlertRoute })),
                  },
                  {
                    path: 'warnings/rules',
                    lazy: () =>
                      import('./routes/warnings-rules-route').then((m) => ({
                        Component: m.WarningsRulesRoute,
                      })),
                  },
                  {
                    path: 'warnings/supervision',
                    lazy: () =>
                      import('./routes/warnings-supervision-route').then((m) => ({
                        Component: m.WarningsSupervisionRoute,
                      })),
                  },
                ],
              },
              {
                element: <RequirePermission permission="feedback:read" />,
                children: [
                  {
                    path: 'feedback',
                    lazy: () =>
                      import('./routes/feedback-list-route').then((m) => ({
                        Component: m.FeedbackListRoute,
                      })),
                  },
                  {
                    path: 'feedback/stats',
                    lazy: () =>
                      import('./routes/feedback-stats-route').then((m) => ({
                        Component: m.FeedbackStatsRoute,
                      })),
                  },
                  {
                    path: 'feedback/:id',
                    lazy: () =>
                      import('./routes/feedback-detail-route').then((m) => ({
                        Component: m.FeedbackDetailRoute,
                      })),
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
