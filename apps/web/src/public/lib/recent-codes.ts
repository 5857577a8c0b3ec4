// Tracking codes sent from this phone, so a parent need not copy them down (kept on the device only).
const KEY = 'canteen-feedback-codes';
const MAX = 5;

export function recentCodes(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string').slice(0, MAX)
      : [];
  } catch {
    return [];
  }
}

export function rememberCode(code: string): void {
  try {
    localStorage.setItem(
      KEY,
      JSON.stringify([code, ...recentCodes().filter((c) => c !== code)].slice(0, MAX)),
    );
  } catch {
    // Private browsing: nothing is kept, the code is still on screen.
  }
}
