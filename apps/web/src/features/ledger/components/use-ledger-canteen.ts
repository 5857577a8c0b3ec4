import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import type { TOrgUnit } from '@canteen/shared';
import { useCurrentUser } from '@/lib/auth';
import { useOrgUnits } from '@/lib/org-unit-lookup';

const storageKey = (userId: string) => `canteen.ledger.canteen.${userId}`;

function readStored(userId: string): string | undefined {
  try {
    return localStorage.getItem(storageKey(userId)) ?? undefined;
  } catch {
    return undefined;
  }
}

function writeStored(userId: string, canteenId: string | undefined): void {
  try {
    if (canteenId) localStorage.setItem(storageKey(userId), canteenId);
    else localStorage.removeItem(storageKey(userId));
  } catch {
    // Private browsing: the address still carries the choice.
  }
}

export interface LedgerCanteen {
  /** The canteen the ledger pages work on, when one is known. */
  canteenId: string | undefined;
  setCanteenId: (id: string | undefined) => void;
  /** A school user's own canteens (null for management users, who pick from the tree). */
  schoolCanteens: TOrgUnit[] | null;
  loading: boolean;
}

/**
 * The canteen in context: from the address (`?canteenId=`, so a page can be shared), else the one
 * last chosen on this device (a kitchen tablet stays on its canteen), else a school's first canteen.
 */
export function useLedgerCanteen(): LedgerCanteen {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const schoolId = user.orgUnit?.level === 'school' ? user.orgUnit.id : undefined;
  const canteens = useOrgUnits({ parentId: schoolId, pageSize: 500 }, { enabled: !!schoolId });
  const fromUrl = params.get('canteenId') ?? undefined;
  const stored = readStored(user.id);

  let canteenId = fromUrl;
  let schoolCanteens: TOrgUnit[] | null = null;
  if (schoolId) {
    schoolCanteens = (canteens.data?.items ?? []).filter((u) => u.level === 'canteen');
    if (!canteenId)
      canteenId = (schoolCanteens.find((c) => c.id === stored) ?? schoolCanteens[0])?.id;
  } else if (!canteenId) {
    canteenId = stored;
  }

  // A canteen reached by a link (a shortcut, a shared address) becomes the device's choice too.
  useEffect(() => {
    if (fromUrl && fromUrl !== stored) writeStored(user.id, fromUrl);
  }, [fromUrl, stored, user.id]);

  const setCanteenId = (id: string | undefined) => {
    writeStored(user.id, id);
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set('canteenId', id);
        else next.delete('canteenId');
        return next;
      },
      { replace: true },
    );
  };

  return {
    canteenId,
    setCanteenId,
    schoolCanteens,
    loading: !!schoolId && canteens.isPending,
  };
}
