/**
 * Demo data for traceability: the ingredient catalogue of a school canteen in 达州, the suppliers
 * that serve the demo schools and their farm bases. Companies and bases are invented; the credit
 * codes carry a valid GB 32100 check character but belong to no one.
 */

export type SeedUnit = 'kg' | 'L' | 'piece' | 'box' | 'bag';
export type SeedColdChain = 'ambient' | 'chilled' | 'frozen';

export interface SeedIngredient {
  code: string;
  name: string;
  /** WS/T 554 food group. */
  category: string;
  unit: SeedUnit;
  /** null: exempt from a shelf life under GB 7718 (salt, sugar). */
  shelfLifeDays: number | null;
  coldChain: SeedColdChain;
  quarantineRequired: boolean;
  /** Typical price per unit in fen, for the demo deliveries. */
  priceFen: number;
}

type Row = [code: string, name: string, unit: SeedUnit, shelfLifeDays: number | null, priceFen: number, coldChain?: SeedColdChain];

const group = (category: string, rows: Row[], quarantineRequired = false): SeedIngredient[] =>
  rows.map(([code, name, unit, shelfLifeDays, priceFen, coldChain = 'ambient']) => ({ code, name, category, unit, shelfLifeDays, coldChain, quarantineRequired, priceFen }));

export const INGREDIENTS: SeedIngredient[] = [
  ...group('grains', [
    ['G001', '大米（粳米）', 'kg', 365, 560],
    ['G002', '小麦粉（富强粉）', 'kg', 270, 480],
    ['G003', '挂面', 'kg', 365, 720],
    ['G004', '玉米糁', 'kg', 180, 600],
    ['G005', '小米', 'kg', 270, 1200],
    ['G006', '糯米', 'kg', 365, 780],
    ['G007', '馒头', 'kg', 2, 800],
    ['G008', '土豆', 'kg', 20, 300],
    ['G009', '红薯', 'kg', 30, 320],
    ['G010', '山药', 'kg', 20, 900],
    ['G011', '芋头', 'kg', 20, 700],
    ['G012', '玉米棒', 'kg', 5, 400],
  ]),
  ...group('vegetables', [
    ['V001', '大白菜', 'kg', 7, 180],
    ['V002', '小白菜', 'kg', 3, 350],
    ['V003', '上海青', 'kg', 3, 380],
    ['V004', '菠菜', 'kg', 3, 500],
    ['V005', '生菜', 'kg', 3, 450],
    ['V006', '油麦菜', 'kg', 3, 420],
    ['V007', '芹菜', 'kg', 5, 400],
    ['V008', '莴笋', 'kg', 5, 350],
    ['V009', '白萝卜', 'kg', 10, 200],
    ['V010', '胡萝卜', 'kg', 14, 300],
    ['V011', '番茄', 'kg', 7, 500],
    ['V012', '黄瓜', 'kg', 5, 400],
    ['V013', '茄子', 'kg', 5, 450],
    ['V014', '青椒', 'kg', 7, 550],
    ['V015', '冬瓜', 'kg', 14, 200],
    ['V016', '南瓜', 'kg', 30, 250],
    ['V017', '西兰花', 'kg', 5, 800],
    ['V018', '花菜', 'kg', 5, 600],
    ['V019', '莲白（卷心菜）', 'kg', 10, 220],
    ['V020', '蒜苗', 'kg', 4, 900],
    ['V021', '韭菜', 'kg', 3, 700],
    ['V022', '香菇（鲜）', 'kg', 5, 1200, 'chilled'],
    ['V023', '平菇', 'kg', 4, 800, 'chilled'],
    ['V024', '金针菇', 'kg', 7, 900, 'chilled'],
    ['V025', '黑木耳（干）', 'kg', 365, 6000],
    ['V026', '绿豆芽', 'kg', 2, 300, 'chilled'],
    ['V027', '洋葱', 'kg', 30, 300],
    ['V028', '大葱', 'kg', 7, 500],
    ['V029', '生姜', 'kg', 30, 1000],
    ['V030', '大蒜', 'kg', 60, 900],
    ['V031', '莲藕', 'kg', 10, 700],
    ['V032', '丝瓜', 'kg', 4, 600],
    ['V033', '空心菜', 'kg', 2, 450],
  ]),
  ...group('fruit', [
    ['F001', '苹果', 'kg', 30, 800],
    ['F002', '香蕉', 'kg', 5, 600],
    ['F003', '脐橙', 'kg', 30, 700],
    ['F004', '雪梨', 'kg', 30, 650],
    ['F005', '西瓜', 'kg', 10, 300],
    ['F006', '猕猴桃', 'kg', 20, 1200],
    ['F007', '柚子', 'kg', 60, 500],
  ]),
  ...group(
    'livestock',
    [
      ['M001', '猪前腿肉（冷鲜）', 'kg', 3, 2600, 'chilled'],
      ['M002', '猪后腿肉（冷鲜）', 'kg', 3, 2800, 'chilled'],
      ['M003', '猪排骨（冷鲜）', 'kg', 3, 3600, 'chilled'],
      ['M004', '猪肉（冷冻）', 'kg', 180, 2200, 'frozen'],
      ['M005', '牛肉（冷鲜）', 'kg', 3, 7800, 'chilled'],
      ['M006', '鸡胸肉（冷鲜）', 'kg', 3, 1600, 'chilled'],
      ['M007', '鸡腿（冷冻）', 'kg', 180, 1800, 'frozen'],
      ['M008', '鸭肉（冷冻）', 'kg', 180, 1900, 'frozen'],
    ],
    true,
  ),
  ...group('fish', [
    ['A001', '草鱼（鲜活）', 'kg', 1, 1600, 'chilled'],
    ['A002', '鲫鱼（鲜活）', 'kg', 1, 1800, 'chilled'],
    ['A003', '冻虾仁', 'kg', 365, 6800, 'frozen'],
    ['A004', '冻带鱼段', 'kg', 365, 3200, 'frozen'],
    ['A005', '冻巴沙鱼柳', 'kg', 365, 2600, 'frozen'],
  ]),
  ...group('eggs', [
    ['E001', '鲜鸡蛋', 'kg', 30, 1100],
    ['E002', '鹌鹑蛋', 'kg', 30, 1600],
  ]),
  ...group('milk', [
    ['D001', '学生饮用奶（纯牛奶 200mL×24盒）', 'box', 180, 5600],
    ['D002', '原味酸奶（100g×20杯）', 'box', 21, 4800, 'chilled'],
  ]),
  ...group('soy_nuts', [
    ['S001', '老豆腐', 'kg', 2, 600, 'chilled'],
    ['S002', '豆腐干', 'kg', 5, 1200, 'chilled'],
    ['S003', '黄豆', 'kg', 365, 900],
    ['S004', '腐竹', 'kg', 270, 3000],
    ['S005', '花生米', 'kg', 180, 1500],
    ['S006', '绿豆', 'kg', 365, 1000],
  ]),
  ...group('oil', [
    ['O001', '菜籽油（压榨一级）', 'L', 540, 1900],
    ['O002', '大豆油', 'L', 540, 1500],
  ]),
  ...group('salt', [['N001', '食用盐（加碘精制盐）', 'kg', null, 400]]),
  ...group('condiment', [
    ['C001', '白砂糖', 'kg', null, 800],
    ['C002', '酿造酱油（生抽）', 'L', 540, 1200],
    ['C003', '保宁醋', 'L', 720, 1000],
    ['C004', '郫县豆瓣', 'kg', 720, 1600],
    ['C005', '料酒', 'L', 540, 800],
    ['C006', '鸡精', 'kg', 540, 3000],
    ['C007', '干花椒', 'kg', 365, 12000],
    ['C008', '干辣椒', 'kg', 365, 4000],
    ['C009', '八角', 'kg', 365, 6000],
    ['C010', '玉米淀粉', 'kg', 540, 700],
    ['C011', '蚝油', 'kg', 540, 1400],
  ]),
];

export type SupplierKey = 'xianda' | 'meat' | 'grain' | 'dairy' | 'blacklisted';

export interface SeedSupplierDocument {
  key: string;
  kind: string;
  number: string;
  /** Days from the first seeding: negative means past. null: 长期 (no expiry). */
  issuedDaysAgo: number;
  expiresInDays: number | null;
  format: 'pdf' | 'png';
  title: string;
  farmBase?: string;
}

export interface SeedSupplier {
  key: SupplierKey;
  name: string;
  /** The first 17 characters; the check character is computed. */
  creditCode17: string;
  kind: 'supplier' | 'distributor' | 'producer';
  contactName: string;
  contactPhone: string;
  address: string;
  categories: string[];
  blacklistReason?: string;
  farmBases: { name: string; region: string; address: string; latitude: number; longitude: number; products: string }[];
  documents: SeedSupplierDocument[];
}

export const SUPPLIERS: SeedSupplier[] = [
  {
    key: 'xianda',
    name: '达州市鲜达农产品配送有限公司',
    creditCode17: '', // the demo supplier of tree.ts keeps its own code
    kind: 'distributor',
    contactName: '孙德胜',
    contactPhone: '13908185008',
    address: '达州市通川区西外镇农产品批发市场 B 区 12 号',
    categories: ['vegetables', 'fruit', 'eggs', 'soy_nuts'],
    farmBases: [
      { name: '宣汉县峰城镇蔬菜种植基地', region: '四川省达州市宣汉县', address: '宣汉县峰城镇新华村 3 组', latitude: 31.41, longitude: 107.79, products: '叶菜类、茄果类、根茎类蔬菜' },
      { name: '达川区石桥镇蛋鸡养殖场', region: '四川省达州市达川区', address: '达川区石桥镇长田村 5 组', latitude: 31.08, longitude: 107.42, products: '鲜鸡蛋、鹌鹑蛋' },
      { name: '开江县普安镇豆制品加工厂', region: '四川省达州市开江县', address: '开江县普安镇工业集中区 8 号', latitude: 31.09, longitude: 107.86, products: '豆腐、豆腐干' },
    ],
    documents: [
      { key: 'bl', kind: 'business_licence', number: '91511702MA6BXDA01M', issuedDaysAgo: 1600, expiresInDays: null, format: 'pdf', title: 'Business licence' },
      { key: 'fbl', kind: 'food_business_licence', number: 'JY15117020031256', issuedDaysAgo: 700, expiresInDays: 1126, format: 'pdf', title: 'Food business licence' },
      { key: 'veg-origin', kind: 'origin_certificate', number: 'XH-CD-2026-0318', issuedDaysAgo: 200, expiresInDays: 530, format: 'png', title: 'Origin certificate, vegetable base', farmBase: '宣汉县峰城镇蔬菜种植基地' },
      { key: 'veg-green', kind: 'green_food_certificate', number: 'LB-15-2606151803A', issuedDaysAgo: 150, expiresInDays: 945, format: 'pdf', title: 'Green food certificate', farmBase: '宣汉县峰城镇蔬菜种植基地' },
      { key: 'egg-epidemic', kind: 'animal_epidemic_certificate', number: '(川达)动防合字第20240312号', issuedDaysAgo: 800, expiresInDays: null, format: 'pdf', title: 'Animal epidemic prevention certificate, egg farm', farmBase: '达川区石桥镇蛋鸡养殖场' },
    ],
  },
  {
    key: 'meat',
    name: '达州市川东肉类食品有限公司',
    creditCode17: '91511724MA62DK8R7',
    kind: 'supplier',
    contactName: '何永刚',
    contactPhone: '13881826610',
    address: '大竹县竹阳街道工业园区食品路 18 号',
    categories: ['livestock', 'fish'],
    farmBases: [
      { name: '大竹县庙坝镇生猪养殖基地', region: '四川省达州市大竹县', address: '大竹县庙坝镇石桥村 2 组', latitude: 30.62, longitude: 107.31, products: '生猪（定点屠宰）' },
      { name: '渠县三汇镇肉鸡养殖场', region: '四川省达州市渠县', address: '渠县三汇镇汇东村 7 组', latitude: 30.95, longitude: 106.97, products: '白羽肉鸡、麻鸭' },
      { name: '达川区河市镇水产养殖基地', region: '四川省达州市达川区', address: '达川区河市镇金石村 1 组', latitude: 31.14, longitude: 107.45, products: '草鱼、鲫鱼' },
    ],
    documents: [
      { key: 'bl', kind: 'business_licence', number: '', issuedDaysAgo: 2100, expiresInDays: null, format: 'pdf', title: 'Business licence' },
      { key: 'fbl', kind: 'food_business_licence', number: 'JY15117240008841', issuedDaysAgo: 400, expiresInDays: 1420, format: 'pdf', title: 'Food business licence' },
      { key: 'fpl', kind: 'food_production_licence', number: 'SC10451172400093', issuedDaysAgo: 500, expiresInDays: 1300, format: 'pdf', title: 'Food production licence (slaughtering)' },
      { key: 'pig-epidemic', kind: 'animal_epidemic_certificate', number: '(川达)动防合字第20220117号', issuedDaysAgo: 1400, expiresInDays: null, format: 'pdf', title: 'Animal epidemic prevention certificate, pig farm', farmBase: '大竹县庙坝镇生猪养殖基地' },
      { key: 'chicken-epidemic', kind: 'animal_epidemic_certificate', number: '(川达)动防合字第20230406号', issuedDaysAgo: 1000, expiresInDays: null, format: 'png', title: 'Animal epidemic prevention certificate, poultry farm', farmBase: '渠县三汇镇肉鸡养殖场' },
    ],
  },
  {
    key: 'grain',
    name: '达州市通川区粮油贸易有限公司',
    creditCode17: '91511702MA6BYLY05',
    kind: 'supplier',
    contactName: '罗春兰',
    contactPhone: '13568234417',
    address: '达州市通川区朝阳东路 241 号',
    categories: ['grains', 'oil', 'salt', 'condiment', 'soy_nuts'],
    farmBases: [{ name: '渠县有庆镇优质稻种植基地', region: '四川省达州市渠县', address: '渠县有庆镇梨园村', latitude: 30.78, longitude: 106.99, products: '优质稻、糯稻' }],
    documents: [
      { key: 'bl', kind: 'business_licence', number: '', issuedDaysAgo: 3000, expiresInDays: null, format: 'pdf', title: 'Business licence' },
      // Expires within 30 days of the first seeding: the licence-expiry warning has something to show.
      { key: 'fbl', kind: 'food_business_licence', number: 'JY15117020012087', issuedDaysAgo: 1808, expiresInDays: 18, format: 'pdf', title: 'Food business licence' },
    ],
  },
  {
    key: 'dairy',
    name: '四川达州巴山乳业有限公司',
    creditCode17: '91511703MA6BQR2P1',
    kind: 'producer',
    contactName: '朱文静',
    contactPhone: '13990852236',
    address: '达州市达川区三里坪街道乳品产业园 6 号',
    categories: ['milk'],
    farmBases: [{ name: '万源市大竹河奶牛牧场', region: '四川省达州市万源市', address: '万源市大竹河镇牧场路 1 号', latitude: 32.07, longitude: 108.04, products: '生鲜乳' }],
    documents: [
      { key: 'bl', kind: 'business_licence', number: '', issuedDaysAgo: 2500, expiresInDays: null, format: 'pdf', title: 'Business licence' },
      { key: 'fpl', kind: 'food_production_licence', number: 'SC10551170300215', issuedDaysAgo: 600, expiresInDays: 1226, format: 'pdf', title: 'Food production licence (dairy)' },
      { key: 'fbl', kind: 'food_business_licence', number: 'JY15117030004412', issuedDaysAgo: 600, expiresInDays: 1226, format: 'pdf', title: 'Food business licence' },
    ],
  },
  {
    key: 'blacklisted',
    name: '达州市通达食品贸易有限公司',
    creditCode17: '91511702MA6BTD7X9',
    kind: 'distributor',
    contactName: '马德明',
    contactPhone: '13408187723',
    address: '达州市通川区华蓥路 56 号',
    categories: ['livestock', 'condiment'],
    blacklistReason: '销售超过保质期的食品并伪造进货凭证，被达州市市场监督管理局列入严重违法失信名单（达市监失信〔2026〕12号）',
    farmBases: [],
    documents: [
      { key: 'bl', kind: 'business_licence', number: '', issuedDaysAgo: 1900, expiresInDays: null, format: 'pdf', title: 'Business licence' },
      { key: 'fbl', kind: 'food_business_licence', number: 'JY15117020009731', issuedDaysAgo: 1000, expiresInDays: 826, format: 'pdf', title: 'Food business licence' },
    ],
  },
];

/** Staff names for the demo schools' canteen accounts. */
export const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
export const GIVEN_NAMES = ['秀英', '建华', '丽娟', '志明', '海燕', '国强', '红梅', '永刚', '春兰', '德明', '晓东', '桂芳', '文静', '玉兰', '小红', '明亮', '淑芬', '俊杰'];
