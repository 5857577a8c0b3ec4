import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import type { Permission } from '@canteen/shared';
import { errorText } from '@/components/ui/error-alert';
import { FullPageSpin } from '@/components/layout/full-page-spin';
import { useCurrentUser, useSession } from '@/lib/auth';
import { canAny, homePath } from '@/lib/authorization';

/** Everything but the login page needs a session; a pending password change comes first. */
export function RequireSession({
  allowPendingPassword = false,
}: {
  allowPendingPassword?: boolean;
}) {
  const { data, isPending, isError, error, refetch } = useSession();
  const location = useLocation();
  const { t, i18n } = useTranslation();

  if (isPending) return <FullPageSpin />;
  if (isError) {
    return (
      <Result
        status="warning"
        title={t('errors.serviceTitle')}
        subTitle={errorText(error, i18n.language, t('errors.serviceText'))}
        extra={
          <Button type="primary" onClick={() => void refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (!data) {
    const from = `${location.pathname}${location.search}`;
    return (
      <Navigate to={from === '/' ? '/login' : `/login?from=${encodeURIComponent(from)}`} replace />
    );
  }
  if (data.user.mustChangePassword && !allowPendingPassword)
    return <Navigate to="/change-password" replace />;
  return <Outlet />;
}

export function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={homePath(user)} replace />;
}

/** Pages behind a permission (any one of several) answer 403 in place rather than vanishing. */
export function RequirePermission({ permission }: { permission: Permission | Permission[] }) {
  const user = useCurrentUser();
  const { t } = useTranslation();
  if (!canAny(user, Array.isArray(permission) ? permission : [permission])) {
    return (
      <Result
        status="403"
        title={t('errors.forbiddenTitle')}
        subTitle={t('errors.forbiddenText')}
      />
    );
  }
  return <Outlet />;
}
