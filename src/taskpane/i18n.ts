/** The scenario pane's texts in zh-CN and en-US (the function reference keeps its own in reference.ts). */
import type { Lang } from '../core/errors';

const TEXT = {
  title: { en: 'Reuse Finance', zh: '污水资源化利用财金模型' },
  subtitle: { en: 'Scenarios', zh: '情景分析' },
  language: { en: 'Language', zh: '语言' },
  views: { en: 'Views', zh: '视图' },
  tabScenarios: { en: 'Scenarios', zh: '情景' },
  tabSetup: { en: 'Setup', zh: '设置' },
  tabCompare: { en: 'Compare', zh: '比较' },
  tabFunctions: { en: 'Functions', zh: '函数' },
  loading: { en: 'Reading the workbook…', zh: '正在读取工作簿…' },
  readOnlyTitle: { en: 'Read-only', zh: '只读' },
  // Setup
  inputs: { en: 'Inputs', zh: '输入项' },
  outputs: { en: 'Outputs', zh: '输出项' },
  inputsHelp: { en: 'Cells a scenario changes. No limit on how many.', zh: '情景要改变的单元格，数量不限。' },
  outputsHelp: { en: 'Results to watch and compare.', zh: '要观察和比较的结果。' },
  noInputs: { en: 'No inputs yet.', zh: '尚未设置输入项。' },
  noOutputs: { en: 'No outputs yet.', zh: '尚未设置输出项。' },
  label: { en: 'Label', zh: '名称' },
  unit: { en: 'Unit', zh: '单位' },
  numberFormat: { en: 'Number format', zh: '数字格式' },
  remove: { en: 'Remove', zh: '移除' },
  removeItem: { en: 'Remove {label}', zh: '移除 {label}' },
  fromNames: { en: 'From defined names', zh: '从已定义名称中选择' },
  filterNames: { en: 'Filter names', zh: '筛选名称' },
  namesCount: { en: '{n} names', zh: '共 {n} 个名称' },
  noNames: { en: 'This workbook has no defined names for single cells.', zh: '此工作簿没有指向单个单元格的名称。' },
  addAsInputs: { en: 'Add as inputs', zh: '添加为输入项' },
  addAsOutputs: { en: 'Add as outputs', zh: '添加为输出项' },
  fromSelection: { en: 'From the selected cells', zh: '从选中的单元格' },
  selectionAsInputs: { en: 'Selected cells → inputs', zh: '选中单元格 → 输入项' },
  selectionAsOutputs: { en: 'Selected cells → outputs', zh: '选中单元格 → 输出项' },
  noSelection: { en: 'Select one or more cells in the workbook first.', zh: '请先在工作簿中选中单元格。' },
  added: { en: 'Added {n}.', zh: '已添加 {n} 项。' },
  nothingChecked: { en: 'Tick at least one name.', zh: '请至少勾选一个名称。' },
  // Scenario list
  needSetup: { en: 'Choose the inputs and outputs of your model first.', zh: '请先设置模型的输入项和输出项。' },
  goSetup: { en: 'Go to setup', zh: '前往设置' },
  newScenario: { en: 'New scenario from the current values', zh: '以当前数值新建情景' },
  name: { en: 'Name', zh: '情景名称' },
  bureau: { en: 'Bureau', zh: '单位（部门）' },
  author: { en: 'Author', zh: '编制人' },
  note: { en: 'Note', zh: '说明' },
  capture: { en: 'Save as scenario', zh: '保存为情景' },
  nameRequired: { en: 'A scenario needs a name.', zh: '请填写情景名称。' },
  scenarios: { en: 'Scenarios ({n})', zh: '情景（{n} 个）' },
  noScenarios: { en: 'No scenarios yet.', zh: '尚无情景。' },
  apply: { en: 'Apply', zh: '应用' },
  edit: { en: 'Edit', zh: '编辑' },
  duplicate: { en: 'Duplicate', zh: '复制' },
  delete: { en: 'Delete', zh: '删除' },
  confirmDelete: { en: 'Delete “{name}”? Press Delete again to confirm.', zh: '删除“{name}”？再次点击“删除”确认。' },
  copyOf: { en: '{name} (copy)', zh: '{name}（副本）' },
  modifiedAt: { en: 'modified {time}', zh: '修改于 {time}' },
  applied: { en: 'Applied: {name}', zh: '已应用：{name}' },
  appliedHelp: { en: 'The workbook shows this scenario. Your own values are kept and come back with “Restore”.', zh: '工作簿当前显示此情景。您原来的数值已保存，点击“恢复”即可还原。' },
  restore: { en: 'Restore my values', zh: '恢复原数值' },
  restored: { en: 'Your values are back.', zh: '已恢复原数值。' },
  saved: { en: 'Saved in the workbook.', zh: '已保存到工作簿。' },
  // Editor
  editing: { en: 'Edit scenario', zh: '编辑情景' },
  values: { en: 'Values', zh: '输入值' },
  save: { en: 'Save', zh: '保存' },
  cancel: { en: 'Cancel', zh: '取消' },
  emptyMeansBlank: { en: 'An empty field leaves the cell empty.', zh: '留空表示单元格为空。' },
  // Compare
  chooseScenarios: { en: 'Scenarios to compare', zh: '参与比较的情景' },
  base: { en: 'Base', zh: '基准' },
  compare: { en: 'Compare', zh: '开始比较' },
  comparing: { en: 'Applying scenario {done} of {total}…', zh: '正在应用第 {done}/{total} 个情景…' },
  cancelled: { en: 'Cancelled. Your values are back.', zh: '已取消，原数值已恢复。' },
  chooseTwo: { en: 'Tick at least one scenario.', zh: '请至少勾选一个情景。' },
  result: { en: 'Result', zh: '结果' },
  diffToBase: { en: 'vs base', zh: '较基准' },
  writeSheet: { en: 'Write comparison sheet', zh: '生成比较工作表' },
  sheetWritten: { en: 'Sheet “{name}” added.', zh: '已添加工作表“{name}”。' },
  compareTable: { en: 'Outputs of the compared scenarios', zh: '各情景输出结果' },
  // Errors and progress
  error: { en: 'Something went wrong: {message}', zh: '出错了：{message}' },
  working: { en: 'Working…', zh: '处理中…' },
  progress: { en: 'Progress', zh: '进度' },
} as const;

export type TextKey = keyof typeof TEXT;

/** A pane text in `lang`, with `{name}` placeholders filled (values inserted as plain text). */
export function t(key: TextKey, lang: Lang, params: Record<string, string | number> = {}): string {
  const s: string = TEXT[key][lang === 'zh-CN' ? 'zh' : 'en'];
  return s.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? String(params[k]) : `{${k}}`));
}
