import { lazy, Suspense, type ComponentType, type ReactNode } from 'react';
import { createBrowserRouter, matchRoutes, type RouteObject } from 'react-router';
import { FullPageSpin } from '@/components/layout/full-page-spin';
import { NotFound, RouteError } from '@/components/layout/route-error';
import { PageLoading } from '@/components/ui/page-loading';
import { ChangePasswordRoute } from './routes/change-password-route';
import { HomeRedirect, RequirePermission, RequireSession } from './routes/guards';
import { LoginRoute } from './routes/login-route';

interface PageHandle {
  preload: () => Promise<unknown>;
}

/**
 * A page that is a chunk of its own, fetched on its first visit. Its Suspense boundary is keyed by
 * the page: router navigations are transitions, in which React keeps showing an already revealed
 * boundary's old content, so only a new boundary puts the spinner in the content area at once. A
 * chunk that fails to load (replaced by a deploy, or the network dropped) reaches the route's own
 * error element, in place of the page and inside the console frame, which offers a reload.
 */
function page<K extends string, M extends Record<K, ComponentType>>(
  load: () => Promise<M>,
  name: K,
  fallback: ReactNode = <PageLoading />,
) {
  let module: Promise<M> | undefined;
  const preload = () => (module ??= load());
  const Page = lazy(() =>
    preload().then((m): { default: ComponentType } => ({ default: m[name] })),
  );
  const handle: PageHandle = { preload };
  return {
    element: (
      <Suspense key={name} fallback={fallback}>
        <Page />
      </Suspense>
    ),
    errorElement: <RouteError />,
    handle,
  };
}

/**
 * The console frame (menu, org tree, notification centre) is a chunk of its own too, which the
 * sign-in screen fetches once shown, while the user types. In the entry chunk it made the sign-in
 * screen 110 KB (gzip) heavier and 1.3 s slower on slow 4G; a reloaded page came 2 s sooner, with
 * 15 fewer requests (docs/benchmarks.md, "Console bundle").
 */
const consoleLayout = page(
  () => import('./routes/console-layout'),
  'ConsoleLayout',
  <FullPageSpin />,
);

/** The sign-in screens are in the entry chunk; the frame and every page are chunks of their own. */
const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: '/login', element: <LoginRoute prefetch={consoleLayout.handle.preload} /> },
      {
        element: <RequireSession allowPendingPassword />,
        children: [{ path: '/change-password', element: <ChangePasswordRoute /> }],
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
                ...page(() => import('./routes/menu-print-route'), 'MenuPrintRoute'),
              },
            ],
          },
          {
            ...consoleLayout,
            children: [
              { index: true, element: <HomeRedirect /> },
              {
                path: 'org/:id',
                ...page(() => import('./routes/org-unit-route'), 'OrgUnitRoute'),
              },
              {
                path: 'connection-rate/:id?',
                ...page(() => import('./routes/connection-rate-route'), 'ConnectionRateRoute'),
              },
              {
                element: <RequirePermission permission="user:read" />,
                children: [
                  {
                    path: 'accounts',
                    ...page(() => import('./routes/accounts-route'), 'AccountsRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="audit:read" />,
                children: [
                  {
                    path: 'audit',
                    ...page(() => import('./routes/audit-route'), 'AuditRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="supplier:self" />,
                children: [
                  {
                    path: 'supplier',
                    ...page(() => import('./routes/supplier-route'), 'SupplierRoute'),
                  },
                  {
                    path: 'supplier/api-keys',
                    ...page(() => import('./routes/api-keys-route'), 'ApiKeysRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="supplier:read" />,
                children: [
                  {
                    path: 'suppliers',
                    ...page(() => import('./routes/suppliers-route'), 'SuppliersRoute'),
                  },
                  {
                    path: 'suppliers/:id',
                    ...page(() => import('./routes/supplier-detail-route'), 'SupplierDetailRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission={['supplier:read', 'supplier:self']} />,
                children: [
                  {
                    path: 'ingredients',
                    ...page(() => import('./routes/ingredients-route'), 'IngredientsRoute'),
                  },
                  {
                    path: 'contracts',
                    ...page(() => import('./routes/contracts-route'), 'ContractsRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission={['delivery:read', 'supplier:self']} />,
                children: [
                  {
                    path: 'purchase-orders',
                    ...page(() => import('./routes/purchase-orders-route'), 'PurchaseOrdersRoute'),
                  },
                  {
                    path: 'deliveries',
                    ...page(() => import('./routes/deliveries-route'), 'DeliveriesRoute'),
                  },
                  {
                    path: 'deliveries/:id',
                    ...page(() => import('./routes/delivery-route'), 'DeliveryRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="delivery:submit" />,
                children: [
                  {
                    path: 'deliveries/new',
                    ...page(() => import('./routes/manifest-upload-route'), 'ManifestUploadRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="delivery:accept" />,
                children: [
                  {
                    path: 'deliveries/:id/accept',
                    ...page(() => import('./routes/acceptance-route'), 'AcceptanceRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="trace:read" />,
                children: [
                  {
                    path: 'trace',
                    ...page(() => import('./routes/trace-route'), 'TraceRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="stock:read" />,
                children: [
                  {
                    path: 'ledger/balances',
                    ...page(() => import('./routes/ledger-balances-route'), 'LedgerBalancesRoute'),
                  },
                  {
                    path: 'ledger/movements',
                    ...page(
                      () => import('./routes/ledger-movements-route'),
                      'LedgerMovementsRoute',
                    ),
                  },
                  {
                    path: 'ledger/stocktakes',
                    ...page(
                      () => import('./routes/ledger-stocktakes-route'),
                      'LedgerStocktakesRoute',
                    ),
                  },
                  {
                    path: 'ledger/stocktakes/:id',
                    ...page(
                      () => import('./routes/ledger-stocktake-route'),
                      'LedgerStocktakeRoute',
                    ),
                  },
                  {
                    path: 'ledger/costs',
                    ...page(() => import('./routes/ledger-costs-route'), 'LedgerCostsRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="stock:write" />,
                children: [
                  {
                    path: 'ledger/stock-in',
                    ...page(() => import('./routes/ledger-stock-in-route'), 'LedgerStockInRoute'),
                  },
                  {
                    path: 'ledger/stock-out',
                    ...page(() => import('./routes/ledger-stock-out-route'), 'LedgerStockOutRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="ledger:verify" />,
                children: [
                  {
                    path: 'ledger/verify',
                    ...page(() => import('./routes/ledger-verify-route'), 'LedgerVerifyRoute'),
                  },
                ],
              },
              {
                element: <RequirePermission permission="menu:read" />,
                children: [
                  {
                    path: 'menus/plans',
                    ...page(() => import('./routes/menu-plans-route'), 'MenuPlansRoute'),
                  },
                  {
                    path: 'menus/dishes',
                    ...page(() => import('./routes/menu-dishes-route'), 'MenuDishesRoute'),
                  },
                  {
                    path: 'menus/production',
                    ...page(() => import('./routes/menu-production-route'), 'MenuProductionRoute'),
                  },
                  {
                    path: 'menus/execution',
                    ...page(() => import('./routes/menu-execution-route'), 'MenuExecutionRoute'),
                  },
                  {
                    path: 'menus/purchase',
                    ...page(() => import('./routes/menu-purchase-route'), 'MenuPurchaseRoute'),
                  },
                  {
                    path: 'nutrition/targets',
                    ...page(
                      () => import('./routes/nutrition-targets-route'),
                      'NutritionTargetsRoute',
                    ),
                  },
                ],
              },
              {
                element: <RequirePermission permission="alert:read" />,
                children: [
                  {
                    path: 'alerts',
                    ...page(() => import('./routes/alerts-route'), 'AlertsRoute'),
                  },
                  {
                    path: 'alerts/:id',
                    ...page(() => import('./routes/alert-route'), 'AlertRoute'),
                  },
                  {
                    path: 'warnings/rules',
                    ...page(() => import('./routes/warnings-rules-route'), 'WarningsRulesRoute'),
                  },
                  {
                    path: 'warnings/supervision',
                    ...page(
                      () => import('./routes/warnings-supervision-route'),
                      'WarningsSupervisionRoute',
                    ),
                  },
                ],
              },
              {
                element: <RequirePermission permission="feedback:read" />,
                children: [
                  {
                    path: 'feedback',
                    ...page(() => import('./routes/feedback-list-route'), 'FeedbackListRoute'),
                  },
                  {
                    path: 'feedback/stats',
                    ...page(() => import('./routes/feedback-stats-route'), 'FeedbackStatsRoute'),
                  },
                  {
                    path: 'feedback/:id',
                    ...page(() => import('./routes/feedback-detail-route'), 'FeedbackDetailRoute'),
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
];

export const router = createBrowserRouter(routes);

// A deep link or a reload fetches its page's chunk alongside the session check, not after it; a
// failure is reported by the page's error element when it renders.
for (const { route } of matchRoutes(routes, window.location) ?? []) {
  (route.handle as PageHandle | undefined)?.preload().catch(() => undefined);
}
