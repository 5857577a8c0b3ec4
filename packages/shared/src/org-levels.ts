export const ORG_LEVELS = ['province', 'city', 'county', 'school', 'canteen'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];

export const MANAGEMENT_LEVELS = ['province', 'city', 'county'] as const satisfies readonly OrgLevel[];
export type ManagementLevel = (typeof MANAGEMENT_LEVELS)[number];

/** The kinds a unit of each level may be: 县级市 and zones such as 高新区 sit at the county level. */
export const ORG_KINDS = {
  province: ['province'],
  city: ['city'],
  county: ['district', 'county', 'county_city', 'zone'],
  school: ['kindergarten', 'primary', 'middle', 'high', 'nine_year', 'complete', 'vocational'],
  canteen: ['canteen'],
} as const satisfies Record<OrgLevel, readonly string[]>;
export type OrgKind = (typeof ORG_KINDS)[OrgLevel][number];
export const ALL_ORG_KINDS = Object.values(ORG_KINDS).flat() as OrgKind[];

export function levelIndex(level: OrgLevel): number {
  return ORG_LEVELS.indexOf(level);
}

export function childLevel(level: OrgLevel): OrgLevel | undefined {
  return ORG_LEVELS[levelIndex(level) + 1];
}

export function isManagementLevel(level: OrgLevel): level is ManagementLevel {
  return (MANAGEMENT_LEVELS as readonly OrgLevel[]).includes(level);
}

export const CONNECTION_STATUSES = ['not_connected', 'connected', 'suspended'] as const;
export type ConnectionStatus = (typeof CONNECTION_STATUSES)[number];
