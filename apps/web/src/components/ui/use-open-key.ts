import { useState } from 'react';

/**
 * A key that changes each time a dialog opens. Keying a form dialog with it gives every opening a
 * fresh form instance, so values typed last time (or a record edited since) never leak in, while
 * the closing animation still plays on the old instance.
 */
export function useOpenKey(open: boolean): number {
  const [key, setKey] = useState(0);
  const [wasOpen, setWasOpen] = useState(open);
  if (open !== wasOpen) {
    setWasOpen(open);
    if (open) setKey((k) => k + 1);
  }
  return key;
}
