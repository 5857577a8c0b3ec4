/** The platform mark: a shield (supervision) holding a bowl under a light (明厨亮灶). */
export function BrandLogo({ size = 36 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 48 48" aria-hidden="true">
      <defs>
        <linearGradient id="brand-shield" x1="0" y1="0" x2="0" y2="1">
          <stop offset="0" stopColor="#ffffff" />
          <stop offset="1" stopColor="#dbe8ff" />
        </linearGradient>
      </defs>
      <path
        d="M24 3 L42 9 V23 C42 34 34.5 41.5 24 45 C13.5 41.5 6 34 6 23 V9 Z"
        fill="url(#brand-shield)"
        stroke="#f5c518"
        strokeWidth="2"
      />
      <path d="M24 11 L26.2 15.6 L24 14.6 L21.8 15.6 Z" fill="#f5a300" />
      <circle cx="24" cy="18" r="2.2" fill="#f5a300" />
      <path d="M13 25 H35 C35 31.5 30.2 35.5 24 35.5 C17.8 35.5 13 31.5 13 25 Z" fill="#1456c7" />
      <rect x="18" y="36.5" width="12" height="2.4" rx="1.2" fill="#1456c7" />
      <path
        d="M17 22 C18 20 19.5 20 20.5 22"
        stroke="#1456c7"
        strokeWidth="1.6"
        fill="none"
        strokeLinecap="round"
      />
      <path
        d="M27.5 22 C28.5 20 30 20 31 22"
        stroke="#1456c7"
        strokeWidth="1.6"
        fill="none"
        strokeLinecap="round"
      />
    </svg>
  );
}
