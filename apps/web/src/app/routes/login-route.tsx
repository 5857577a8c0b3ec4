import { useEffect } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { FullPageSpin } from '@/components/layout/full-page-spin';
import { LoginScreen } from '@/features/auth/components/login-screen';
import { useSession } from '@/lib/auth';
import { homePath } from '@/lib/authorization';

/** Only same-site paths are followed after login, never an absolute or protocol-relative URL. */
function safeFrom(from: string | null): string | null {
  return from && from.startsWith('/') && !from.startsWith('//') ? from : null;
}

/**
 * `prefetch` fetches the code of what comes after signing in. It starts once the form is shown:
 * started with the entry, it held up the session check before the form on a slow link.
 */
export function LoginRoute({ prefetch }: { prefetch?: () => Promise<unknown> }) {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const from = safeFrom(params.get('from'));
  const showsForm = !session.isPending && !session.data;

  useEffect(() => {
    if (showsForm) prefetch?.().catch(() => undefined);
  }, [showsForm, prefetch]);

  if (session.isPending) return <FullPageSpin />;
  if (session.data) return <Navigate to={from ?? homePath(session.data.user)} replace />;

  return (
    <LoginScreen
      onSuccess={({ user }) =>
        void navigate(user.mustChangePassword ? '/change-password' : (from ?? homePath(user)), {
          replace: true,
        })
      }
    />
  );
}
