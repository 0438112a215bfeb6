import type { JobFunction, Seniority } from '../../domain/types.js';

/*
 * Japanese job-title words. Japanese writes no spaces between words, so these are found as
 * substrings; the lists hold whole title words, long enough not to occur inside unrelated ones.
 */

// In order: 副社長 (vice president) must be tested before 社長 (president), which it contains.
const SENIORITY: readonly (readonly [Seniority, readonly string[]])[] = [
  ['vp', ['副社長']],
  ['c_level', ['代表取締役', '社長', '会長', '取締役', '創業者', '最高経営責任者']],
  ['vp', ['執行役員']],
  ['director', ['本部長', '部長']],
  ['manager', ['課長', '室長', '店長', 'マネージャー', 'マネジャー', 'リーダー']],
];

const FUNCTIONS: readonly (readonly [JobFunction, readonly string[]])[] = [
  ['executive', ['代表取締役', '社長', '会長', '創業者']],
  ['marketing', ['マーケティング', '広報', '宣伝']],
  ['sales', ['営業', '販売', 'セールス']],
  ['product', ['プロダクト', '商品企画', '製品企画']],
  ['hr', ['人事', '採用']],
  ['finance', ['経理', '財務', '会計']],
  ['it', ['情報システム', '情シス', 'システム管理']],
  ['engineering', ['エンジニア', '開発', '技術', 'プログラマ', '研究']],
  ['operations', ['総務', '物流', '購買', '調達', '製造', '生産']],
];

// Hiragana, katakana and CJK ideographs: only such titles need the substring scan.
const JAPANESE = /[\u3040-\u30FF\u4E00-\u9FFF]/;

export function hasJapanese(title: string): boolean {
  return JAPANESE.test(title);
}

function firstMatch<T>(rules: readonly (readonly [T, readonly string[]])[], title: string): T | undefined {
  return rules.find(([, words]) => words.some((word) => title.includes(word)))?.[0];
}

export function japaneseSeniority(title: string): Seniority | undefined {
  return firstMatch(SENIORITY, title);
}

export function japaneseFunction(title: string): JobFunction | undefined {
  return firstMatch(FUNCTIONS, title);
}
