/** The demo tree: 四川省 > 达州市 (all its county-level units) and 巴中市, with real-looking schools. */
export interface SeedUnit {
  code: string;
  name: string;
  kind: string;
  address?: string;
  enrolment?: number;
  children?: SeedUnit[];
}

type SchoolSpec = [name: string, kind: string, enrolment: number, canteens?: string[]];

function schools(countyCode: string, district: string, specs: SchoolSpec[]): SeedUnit[] {
  return specs.map(([name, kind, enrolment, canteens = ['学生食堂']], i) => {
    const code = `${countyCode}-S${String(i + 1).padStart(2, '0')}`;
    return {
      code,
      name,
      kind,
      enrolment,
      address: `${district}${name.replace(/^.*(区|县|市)/, '')}校区`,
      children: canteens.map((canteen, j) => ({ code: `${code}-C${j + 1}`, name: canteen, kind: 'canteen' })),
    };
  });
}

export const DEMO_SCHOOL_CODE = '511702-S01';

export const TREE: SeedUnit = {
  code: '510000',
  name: '四川省',
  kind: 'province',
  children: [
    {
      code: '511700',
      name: '达州市',
      kind: 'city',
      children: [
        {
          code: '511702', name: '通川区', kind: 'district',
          children: schools('511702', '达州市通川区', [
            ['达州市通川区第一小学', 'primary', 1860, ['学生食堂', '教师食堂']],
            ['达州市通川区第二小学', 'primary', 1520],
            ['达州市通川区第八小学', 'primary', 2130],
            ['达州市通川区七一小学', 'primary', 980],
            ['达州市第一中学校', 'complete', 3600],
            ['达州市通川区第五中学', 'middle', 1450],
            ['达州市通川区机关幼儿园', 'kindergarten', 420],
            ['达州市通川区蒲家镇中心学校', 'nine_year', 760],
          ]),
        },
        {
          code: '511703', name: '达川区', kind: 'district',
          children: schools('511703', '达州市达川区', [
            ['达州市达川区实验小学', 'primary', 2010],
            ['达州市达川区第一小学', 'primary', 1680],
            ['达州市达川中学', 'complete', 3100],
            ['达州市达川区第四中学', 'middle', 1320],
            ['达州市达川区幼儿园', 'kindergarten', 510],
            ['达州市达川区石桥镇中心学校', 'nine_year', 890],
          ]),
        },
        {
          code: '511781', name: '万源市', kind: 'county_city',
          children: schools('511781', '万源市', [
            ['万源市第一小学', 'primary', 1400],
            ['万源中学', 'complete', 2700],
            ['万源市白沙镇中心学校', 'nine_year', 640],
            ['万源市幼儿园', 'kindergarten', 380],
          ]),
        },
        {
          code: '511722', name: '宣汉县', kind: 'county',
          children: schools('511722', '宣汉县', [
            ['宣汉县东乡镇第一小学', 'primary', 1750],
            ['宣汉中学', 'high', 3300],
            ['宣汉县第二中学', 'complete', 2400],
            ['宣汉县南坝镇中心学校', 'nine_year', 920],
            ['宣汉县幼儿园', 'kindergarten', 460],
          ]),
        },
        {
          code: '511723', name: '开江县', kind: 'county',
          children: schools('511723', '开江县', [
            ['开江县实验小学', 'primary', 1380],
            ['开江中学', 'complete', 2200],
            ['开江县普安镇中心学校', 'nine_year', 700],
            ['开江县幼儿园', 'kindergarten', 350],
          ]),
        },
        {
          code: '511724', name: '大竹县', kind: 'county',
          children: schools('511724', '大竹县', [
            ['大竹县第一小学', 'primary', 1620],
            ['大竹中学', 'complete', 3000],
            ['大竹县庙坝镇中心学校', 'nine_year', 810],
            ['大竹县职业中学', 'vocational', 1900],
            ['大竹县幼儿园', 'kindergarten', 400],
          ]),
        },
        {
          code: '511725', name: '渠县', kind: 'county',
          children: schools('511725', '渠县', [
            ['渠县第一小学', 'primary', 1900],
            ['渠县中学', 'complete', 3400],
            ['渠县三汇中学', 'complete', 2100],
            ['渠县有庆镇中心学校', 'nine_year', 860],
            ['渠县幼儿园', 'kindergarten', 430],
          ]),
        },
        {
          code: '511771', name: '达州高新区', kind: 'zone',
          children: schools('511771', '达州高新区', [
            ['达州高新区第一小学', 'primary', 1250],
            ['达州高新区实验中学', 'middle', 1100],
            ['达州高新区幼儿园', 'kindergarten', 300],
          ]),
        },
        {
          code: '511772', name: '达州东部经开区', kind: 'zone',
          children: schools('511772', '达州东部经开区', [
            ['达州东部经开区麻柳小学', 'primary', 880],
            ['达州东部经开区福善中学', 'middle', 940],
          ]),
        },
      ],
    },
    {
      code: '511900',
      name: '巴中市',
      kind: 'city',
      children: [
        {
          code: '511902', name: '巴州区', kind: 'district',
          children: schools('511902', '巴中市巴州区', [
            ['巴中市巴州区第一小学', 'primary', 1700],
            ['巴中中学', 'complete', 3500],
            ['巴中市巴州区幼儿园', 'kindergarten', 450],
          ]),
        },
        {
          code: '511903', name: '恩阳区', kind: 'district',
          children: schools('511903', '巴中市恩阳区', [
            ['巴中市恩阳区实验小学', 'primary', 1200],
            ['巴中市恩阳中学', 'complete', 2300],
          ]),
        },
      ],
    },
  ],
};

export const DEMO_PASSWORD = 'Demo@2026';

export interface SeedAccount {
  username: string;
  displayName: string;
  role: string;
  unitCode?: string;
  phone?: string;
}

export const ACCOUNTS: SeedAccount[] = [
  { username: 'platform_operator', displayName: '平台运维', role: 'operator', unitCode: '510000' },
  { username: 'province_admin', displayName: '李明华', role: 'official_admin', unitCode: '510000', phone: '13880001001' },
  { username: 'city_admin', displayName: '王建国', role: 'official_admin', unitCode: '511700', phone: '13980002002' },
  { username: 'bazhong_admin', displayName: '赵立新', role: 'official_admin', unitCode: '511900', phone: '13980002102' },
  { username: 'county_admin_tongchuan', displayName: '陈晓燕', role: 'official_admin', unitCode: '511702', phone: '13881803003' },
  { username: 'county_admin_dachuan', displayName: '刘志强', role: 'official_admin', unitCode: '511703', phone: '13881803103' },
  { username: 'county_viewer_tongchuan', displayName: '杨丽', role: 'official_viewer', unitCode: '511702', phone: '13881803004' },
  { username: 'principal_demo', displayName: '周文斌', role: 'principal', unitCode: DEMO_SCHOOL_CODE, phone: '13508184005' },
  { username: 'canteen_manager_demo', displayName: '吴秀兰', role: 'canteen_manager', unitCode: DEMO_SCHOOL_CODE, phone: '13508184006' },
  { username: 'canteen_staff_demo', displayName: '郑小军', role: 'canteen_staff', unitCode: DEMO_SCHOOL_CODE, phone: '13508184007' },
  { username: 'supplier_demo', displayName: '孙德胜', role: 'supplier', phone: '13908185008' },
];

export const DEMO_SUPPLIER = { name: '达州市鲜达农产品配送有限公司', creditCode: '91511702MA6BXDA01M' };
