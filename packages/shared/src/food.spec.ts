import { pickLanguage } from './bilingual';
import { fenToYuan, forbiddenReason } from './food';

describe('forbiddenReason', () => {
  it.each(['亚硝酸钠', '新鲜四季豆', '鲜黄花菜', '野生菌拼盘', '发芽土豆', '裱花蛋糕', '三文鱼刺身'])('refuses %s with a reason', (name) => {
    const reason = forbiddenReason(name);
    expect(reason).toBeDefined();
    expect(pickLanguage(reason!, 'en')).toMatch(/banned/);
  });

  it.each(['土豆', '大白菜', '黄花菜干', '猪肉', '人工种植香菇'])('lets %s through', (name) => {
    expect(forbiddenReason(name)).toBeUndefined();
  });
});

describe('fenToYuan', () => {
  it('formats integer fen as yuan', () => {
    expect(fenToYuan(1234)).toBe('12.34');
    expect(fenToYuan(5)).toBe('0.05');
  });
});
